using System.Data.Common;

namespace Notifications.Core.Data;

/// <summary>
/// Reading raw SQL results by column name: a reader looks each name up once per result set
/// (<see cref="DbDataReader.GetOrdinal"/>) and reads every row by those ordinals, so a change in the
/// select list's order cannot shift values into the wrong fields, and no row pays for a name lookup.
/// </summary>
public static class DataReaderExtensions
{
    public static string? GetNullableString(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static T? GetNullable<T>(this DbDataReader reader, int ordinal)
        where T : struct => reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<T>(ordinal);
}
