using System.Diagnostics;
using OpenTelemetry.Trace;

namespace Notifications.ServiceDefaults;

/// <summary>
/// Records a trace only when it starts with a unit of work: an HTTP request, a job, a message's span.
/// A client span with no parent at all (a PostgreSQL query or an HTTP call made outside any span: the
/// dispatcher's polling, Hangfire's own queries, recurring maintenance statements) is not recorded;
/// left in, those were about 800 single-span traces in two idle minutes and buried every message's
/// trace in the dashboard. A client span inside a recorded span (the queries of a request, the Twilio
/// call under <c>sms.send</c>) follows its parent, so a message's trace stays whole.
/// </summary>
/// <remarks>
/// Spans continuing a remote parent are always recorded, sampled flag or not: every caller that sends
/// one is ours or a provider's, and a request is a unit of work whoever sent it.
/// </remarks>
public sealed class UnitOfWorkSampler : Sampler
{
    private static readonly SamplingResult Record = new(SamplingDecision.RecordAndSample);
    private static readonly SamplingResult Skip = new(SamplingDecision.Drop);

    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
    {
        var parent = samplingParameters.ParentContext;
        if (parent.TraceId == default)
        {
            return samplingParameters.Kind == ActivityKind.Client ? Skip : Record;
        }

        if (parent.IsRemote)
        {
            return Record;
        }

        return (parent.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? Record : Skip;
    }
}
