using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Notifications.AppHost;

/// <summary>
/// Watches every resource of the graph and writes to the console: one line per resource as it becomes ready
/// (running and healthy; the migrations: finished with exit code 0), one line per failure, then the ready
/// block once nothing is left to wait for, and a line when stopping begins.
/// </summary>
internal sealed class ReadinessReporter(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ReadinessLinks links,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Counted from the AppHost's own start, which comes well before this service's.
        DateTimeOffset started;
        using (var process = System.Diagnostics.Process.GetCurrentProcess())
        {
            started = new DateTimeOffset(process.StartTime.ToUniversalTime());
        }

        lifetime.ApplicationStopping.Register(() => Console.WriteLine("Stopping every resource (PostgreSQL shuts down cleanly)..."));

        // The graph's own resources: the projects, the servers and the database; not parameters, the dashboard
        // or the helper resources Aspire adds.
        var pending = model.Resources
            .Where(r => r is ProjectResource || (r is IResourceWithConnectionString && r is not ParameterResource))
            .Select(r => r.Name)
            .ToHashSet(StringComparer.Ordinal);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        Console.WriteLine($"Waiting for {pending.Count} resources: {string.Join(", ", pending.Order(StringComparer.Ordinal))}");
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                var name = update.Resource.Name;
                if (!pending.Contains(name))
                {
                    continue;
                }

                var snapshot = update.Snapshot;
                if (snapshot.IsHidden)
                {
                    pending.Remove(name);
                }
                else if (IsReady(snapshot))
                {
                    pending.Remove(name);
                    var elapsed = (time.GetUtcNow() - started).TotalSeconds;
                    Console.WriteLine(FormattableString.Invariant($"  ready  {name,-14} {elapsed,5:0.0} s{(pending.Count > 0 ? $"   (waiting for {string.Join(", ", pending.Order(StringComparer.Ordinal))})" : string.Empty)}"));
                }
                else if (IsFailed(snapshot) && failed.Add(name))
                {
                    Console.WriteLine($"  FAILED {name} ({snapshot.State?.Text}, exit code {snapshot.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}): open the Aspire dashboard for its console log.");
                }

                if (pending.Count == 0)
                {
                    Console.WriteLine(ReadyBlock(time.GetUtcNow() - started));
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped before everything was ready.
        }
    }

    private static bool IsReady(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Finished
            ? snapshot.ExitCode == 0
            : snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;

    private static bool IsFailed(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.FailedToStart
        || (KnownResourceStates.TerminalStates.Contains(snapshot.State?.Text) && snapshot.ExitCode is not null and not 0);

    private string ReadyBlock(TimeSpan elapsed)
    {
        var dashboard = (configuration["ASPNETCORE_URLS"] ?? "http://localhost:15080").Split(';')[0].TrimEnd('/');
        var token = configuration["AppHost:BrowserToken"];
        var api = links.Api.Url;
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"==== Notifications is ready ({elapsed.TotalSeconds:0} s): every resource is healthy ====")
            .AppendLine(CultureInfo.InvariantCulture, $"  Aspire dashboard    {(string.IsNullOrEmpty(token) ? dashboard + "   (log in with the link Aspire printed above)" : $"{dashboard}/login?t={token}")}")
            .AppendLine(CultureInfo.InvariantCulture, $"  API                 {api}")
            .AppendLine(CultureInfo.InvariantCulture, $"  API reference       {api}{LocalUrls.ApiReferencePath}   (OpenAPI document: {api}{LocalUrls.OpenApiDocumentPath})")
            .AppendLine(CultureInfo.InvariantCulture, $"  API key             {(links.UsesDefaultApiKey ? $"Authorization: Bearer {LocalUrls.DefaultApiKey}" : "the value of ApiKeys:dev in the AppHost's configuration")}")
            .AppendLine(CultureInfo.InvariantCulture, $"  Hangfire dashboard  {links.Worker.Url}{LocalUrls.HangfirePath}");
        if (links.Simulator is { } simulator)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Simulator           {simulator.Url}   (the SMS and emails that were \"sent\")");
        }

        if (links.Booking is { } booking)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Booking sample      open {booking.Url}/ to book (tick the box for texts; \"Bookings and reminders\" shows each text's status)");
        }

        return text.Append("Press Ctrl+C to stop everything.").ToString();
    }
}
