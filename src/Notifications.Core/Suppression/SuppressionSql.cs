namespace Notifications.Core.Suppression;

/// <summary>
/// The one SQL test of "PostgreSQL has this number on its suppression list", shared by the consent gate's batch
/// query and the hand-over statement that marks messages right before their create calls.
/// </summary>
public static class SuppressionSql
{
    /// <summary>A boolean SQL expression over <paramref name="phone"/> (a column or expression holding an E.164 number).</summary>
    public static string IsSuppressed(string phone) =>
        $"EXISTS (SELECT 1 FROM suppressions s WHERE s.phone = {phone} AND s.active)";
}
