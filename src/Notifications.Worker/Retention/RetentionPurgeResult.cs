namespace Notifications.Worker.Retention;

/// <summary>What one run of <see cref="RetentionPurgeJob"/> did (Hangfire keeps it with the succeeded job).</summary>
/// <param name="Tables">Each table the run reached, in the order purged.</param>
/// <param name="Finished">False when the run stopped at <see cref="RetentionOptions.RunBudget"/>; the next run goes on.</param>
public sealed record RetentionPurgeResult(IReadOnlyList<RetentionTableResult> Tables, bool Finished)
{
    public RetentionTableResult? For(string table) => Tables.FirstOrDefault(t => t.Table == table);
}
