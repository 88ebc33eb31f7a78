using Notifications.Benchmarks;

return args.FirstOrDefault() switch
{
    "simulator" => await SimulatorBenchmark.RunAsync(args[1..]),
    "e2e" => await EndToEndBenchmark.RunAsync(args[1..]),
    "report" => await ReportBenchmark.RunAsync(args[1..]),
    "get" => await GetMessageBenchmark.RunAsync(args[1..]),
    "chaos" => await ChaosBenchmark.RunAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: bench/run.sh <benchmark> [options]
          simulator [--messages N] [--concurrency C]   message creates per second at the simulator, callbacks on
          e2e [--messages N] [--clients C] [--batch B]  messages per second through the whole stack, and the plain-Hangfire baseline
              [--single-interval-ms 200] [--single-seconds 30] [--baseline-jobs 2000]
                                                       the one-at-a-time phase's pace and length; jobs in each baseline configuration
              [--history H]                              ... on a database seeded with H messages over the last 12 months, then
                                                         GET /api/messages/{id}, the 12-month report and dead tuples on that history
          report [--messages N]                        the channel-reliability report over a month of N messages
          report --history H [--today T] [--today-minutes M] [--runs R] [--hold-file F]
                                                       ... over the last 365 days of H messages of history and T of today's
                                                         (created over the last M minutes), p50 and p99 of R calls per groupBy;
                                                         the database stays up until F is deleted
          get [--history H] [--requests N] [--warmup W] [--compare <Notifications.Api.dll>]
                                                       GET /api/messages/{id} alone, one at a time over H seeded messages: p50/p95/p99/max,
                                                         api CPU and statements per request; --compare alternates with another build's api
          chaos [--messages N] [--send-seconds S] [--settle-minutes M]
                                                       N messages while processes are killed and PostgreSQL, Redis and Twilio fail;
                                                       exits 1 if any accepted message is lost or any SMS or email is sent twice
        """);
    return 2;
}
