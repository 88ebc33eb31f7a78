using Npgsql;

namespace Notifications.Core.Data;

/// <summary>Building blocks for the hand-written, set-based SQL of the hot paths.</summary>
public static class SqlCommands
{
    /// <summary>A batch command with positional parameters <c>$1, $2, ...</c> (null values need <see cref="DBNull.Value"/>).</summary>
    public static NpgsqlBatchCommand Batch(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }
}
