using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BookingReminders.Bookings;

/// <summary>
/// The bookings, kept in one JSON file (<see cref="BookingOptions.DataFile"/>): read whole, rewritten whole through a
/// temporary file and an atomic rename, so a crash leaves either the old file or the new one. One process owns the
/// file; this is a sample's storage, not a database (a real app would keep bookings in its own database).
/// </summary>
public sealed class BookingStore(IOptions<BookingOptions> options, IHostEnvironment environment) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path = Path.GetFullPath(options.Value.DataFile, environment.ContentRootPath);

    /// <summary>Every booking, the latest first.</summary>
    public async Task<IReadOnlyList<Booking>> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return [.. (await ReadAsync(cancellationToken)).OrderByDescending(b => b.BookedAt)];
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Adds <paramref name="booking"/>, or replaces the one with its id.</summary>
    public async Task SaveAsync(Booking booking, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(booking);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var bookings = await ReadAsync(cancellationToken);
            bookings.RemoveAll(b => b.Id == booking.Id);
            bookings.Add(booking);
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            var temporary = _path + ".tmp";
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await JsonSerializer.SerializeAsync(file, bookings, Json, cancellationToken);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<List<Booking>> ReadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return [];
        }

        await using var file = File.OpenRead(_path);
        return await JsonSerializer.DeserializeAsync<List<Booking>>(file, Json, cancellationToken) ?? [];
    }
}
