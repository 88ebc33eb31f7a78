namespace Notifications.Api.Messages;

/// <summary>One item of a batch answer; <see cref="Encoding"/> and <see cref="Segments"/> whenever the item's body could be read.</summary>
public sealed record BatchItemResult(int Index, Guid? Id, string Status, IDictionary<string, string[]>? Errors, string? Encoding = null, int? Segments = null);
