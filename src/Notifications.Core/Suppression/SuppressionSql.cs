namespace Notifications.Core.Suppression;

/// <summary>
/// The one SQL test of "PostgreSQL has this number suppressed for this program", shared by the consent gate's batch
/// query and the hand-over statement that marks messages right before their create calls: an active suppression of the
/// program, or one of every program (<see cref="SuppressedNumber.EveryProgram"/>: a carrier fact about the number).
/// </summary>
/// <remarks>
/// A scalar subquery with <c>LIMIT 1</c>, not <c>EXISTS</c>: PostgreSQL turns an <c>EXISTS</c> here into a hashed subplan that
/// reads every active suppression of the two scopes (a sequential scan of 16,000 rows for 500 numbers, measured), where
/// this is one probe of <c>pk_suppressions</c> per number.
/// </remarks>
public static class SuppressionSql
{
    /// <summary>
    /// A boolean SQL expression over <paramref name="phone"/> (an expression holding an E.164 number) and
    /// <paramref name="program"/> (an expression or parameter holding a program name).
    /// </summary>
    public static string IsSuppressed(string phone, string program) =>
        $"COALESCE((SELECT s.active FROM suppressions s WHERE s.phone = {phone} AND s.program IN ({program}, '{SuppressedNumber.EveryProgram}') "
        + "AND s.active LIMIT 1), FALSE)";
}
