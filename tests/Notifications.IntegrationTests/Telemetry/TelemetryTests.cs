using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Worker.Dispatch;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Notifications.IntegrationTests.Telemetry;

[Collection(ServicesDefinition.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly ServicesFixture _services;
    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly ApiFactory _api;

    public TelemetryTests(ServicesFixture services)
    {
        _services = services;
        _api = new ApiFactory(services, configureServices: s => s.AddOpenTelemetry()
            .WithTracing(t => t.AddInMemoryExporter(_spans))
            .WithMetrics(m => m.AddInMemoryExporter(_metrics)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task MessageTrace_SpansAcceptAndCallback_AndNoSpanOrMetricCarriesAPhoneNumber()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "transactional", source = "api", optInMessage = "Yes", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        await client.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(phone)}", UriKind.Relative));
        var accepted = await client.PostAsJsonAsync("/api/messages", new { to = phone, body = "Traced" });
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        // The worker's part, through its own store, in the order a batch job records it: claimed (with
        // whatever else is due), handed over, Twilio's SID recorded.
        var sid = "SM" + Guid.NewGuid().ToString("N");
        await using (var dataSource = NpgsqlDataSource.Create(_services.DatabaseConnectionString))
        {
            var store = new DispatchStore(dataSource, TimeProvider.System);
            var batchId = Guid.CreateVersion7();
            await store.ClaimAsync(batchId, limit: 100_000, CancellationToken.None);
            Assert.Contains(await store.LoadBatchAsync(batchId, CancellationToken.None), m => m.Id == id);
            var (attempts, _) = await store.BeginHandOversAsync([id], batchId, "+15005550006", "long_code", DateTimeOffset.UtcNow, CancellationToken.None);
            await store.CompleteHandOversAsync([(id, attempts[id], sid)], MessageEventType.HandedOver, DateTimeOffset.UtcNow, CancellationToken.None);
        }

        var form = new Dictionary<string, string> { ["MessageSid"] = sid, ["MessageStatus"] = "delivered", ["To"] = phone, ["From"] = "+15005550006" };
        var path = $"/api/webhooks/twilio/status?messageId={id}";
        var callback = await _api.PostSignedAsync(path, form, signature: TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.StatusCallbackUrl + $"?messageId={id}", form));
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);

        using (var scope = _api.Services.CreateScope())
        {
            scope.ServiceProvider.GetRequiredService<TracerProvider>().ForceFlush();
            scope.ServiceProvider.GetRequiredService<MeterProvider>().ForceFlush();
        }

        var acceptSpan = Assert.Single(_spans, s => (string?)s.GetTagItem("notifications.message_id") == id.ToString() && s.Kind == ActivityKind.Server);
        var callbackSpan = Assert.Single(_spans, s => s.OperationName == "sms.status_callback");
        Assert.Equal(acceptSpan.TraceId, callbackSpan.TraceId);
        Assert.Equal("delivered", callbackSpan.GetTagItem("notifications.status"));

        var digits = phone.TrimStart('+');
        foreach (var span in _spans)
        {
            Assert.DoesNotContain(digits, span.DisplayName, StringComparison.Ordinal);
            foreach (var tag in span.TagObjects)
            {
                Assert.DoesNotContain(digits, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal);
            }
        }

        var lag = _metrics.Where(m => m.Name == "notifications.callback.lag").ToList();
        Assert.NotEmpty(lag);
        foreach (var metric in _metrics)
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                foreach (var tag in point.Tags)
                {
                    Assert.DoesNotContain(digits, tag.Value?.ToString() ?? string.Empty, StringComparison.Ordinal);
                }
            }
        }
    }
}
