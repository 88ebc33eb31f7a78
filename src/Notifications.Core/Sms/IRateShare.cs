namespace Notifications.Core.Sms;

/// <summary>
/// The part of each sender's rate this process may use on its own while the shared buckets in Redis are
/// unreachable: one over the number of live worker processes, or a conservative share when that number
/// is unknown. Without one registered, a process takes the whole rate.
/// </summary>
public interface IRateShare
{
    /// <summary>A fraction in (0, 1].</summary>
    ValueTask<double> LocalShareAsync(CancellationToken cancellationToken);
}
