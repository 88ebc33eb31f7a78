using System.Diagnostics;
using Notifications.ServiceDefaults;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Notifications.UnitTests;

public sealed class UnitOfWorkSamplerTests : IDisposable
{
    private readonly ActivitySource _source = new($"Notifications.UnitTests.Sampler.{Guid.NewGuid():N}");
    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _provider;

    public UnitOfWorkSamplerTests() =>
        _provider = Sdk.CreateTracerProviderBuilder()
            .SetSampler(new UnitOfWorkSampler())
            .AddSource(_source.Name)
            .AddProcessor(new CollectingProcessor(_exported))
            .Build()!;

    public void Dispose()
    {
        _provider.Dispose();
        _source.Dispose();
    }

    [Fact]
    public void RootClientSpan_OutsideAnyUnitOfWork_IsNotRecorded()
    {
        using (var polling = _source.StartActivity("postgresql", ActivityKind.Client))
        {
            Assert.False(polling?.Recorded ?? false);
        }

        Assert.Empty(_exported);
    }

    [Theory]
    [InlineData(ActivityKind.Server)]
    [InlineData(ActivityKind.Internal)]
    [InlineData(ActivityKind.Consumer)]
    public void RootUnitOfWork_AndTheQueriesInsideIt_AreRecorded(ActivityKind kind)
    {
        using (var work = _source.StartActivity("work", kind))
        {
            using var query = _source.StartActivity("postgresql", ActivityKind.Client);
        }

        Assert.Equal(["postgresql", "work"], _exported.Select(a => a.DisplayName));
        Assert.Equal(_exported[1].TraceId, _exported[0].TraceId);
    }

    [Fact]
    public void MessageSpan_ContinuingTheStoredTraceParent_KeepsItsTwilioCall()
    {
        // The dispatcher and the callback processor start a message's span from the trace parent stored at accept.
        ActivityContext.TryParse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null, out var stored);
        using (var send = _source.StartActivity("sms.send", ActivityKind.Internal, stored))
        {
            using var twilio = _source.StartActivity("POST", ActivityKind.Client);
        }

        Assert.Equal(2, _exported.Count);
        Assert.All(_exported, a => Assert.Equal("0af7651916cd43dd8448eb211c80319c", a.TraceId.ToHexString()));
    }

    [Fact]
    public void Request_WithARemoteParentNotSampled_IsStillRecorded()
    {
        var remote = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None, isRemote: true);
        using (_source.StartActivity("POST /api/webhooks/twilio/status", ActivityKind.Server, remote))
        {
        }

        Assert.Single(_exported);
    }

    private sealed class CollectingProcessor(List<Activity> exported) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => exported.Add(data);
    }
}
