using Microsoft.AspNetCore.Http.HttpResults;

namespace Notifications.Api.Http;

/// <summary>
/// A JSON request body as read by <see cref="JsonRequestBody"/>: the raw bytes and the value, or why it was refused
/// (<see cref="Invalid"/>: 400 naming the field; <see cref="Rejected"/>: 413 or 415).
/// </summary>
internal sealed record RequestBody<T>(byte[] Raw, T? Value, ValidationProblem? Invalid, ProblemHttpResult? Rejected);
