namespace Notifications.Worker.Retention;

/// <summary>What one run of <see cref="RetentionPurgeJob"/> did to one table.</summary>
/// <param name="Table">The table (for message and inbound bodies, with <c>.body</c>).</param>
/// <param name="Rows">Rows deleted, or whose body was cleared.</param>
/// <param name="Batches">Statements run (each its own transaction).</param>
/// <param name="Done">True when the last batch found less than a full batch: nothing more is due now.</param>
public sealed record RetentionTableResult(string Table, long Rows, int Batches, bool Done);
