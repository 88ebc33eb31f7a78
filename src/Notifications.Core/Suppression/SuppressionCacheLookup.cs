namespace Notifications.Core.Suppression;

/// <summary>
/// What the Redis suppression set said about some numbers. A number in <see cref="Suppressed"/> is suppressed,
/// whatever else is known; a number missing from it is sendable only when <see cref="Complete"/> (the set was
/// rebuilt from PostgreSQL and is kept current), otherwise unknown.
/// </summary>
public sealed record SuppressionCacheLookup(IReadOnlySet<string> Suppressed, bool Complete);
