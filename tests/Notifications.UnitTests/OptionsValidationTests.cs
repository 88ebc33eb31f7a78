using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Programs;
using Notifications.Simulator;
using Notifications.Worker;
using Notifications.Worker.Dashboard;
using Notifications.Worker.Dispatch;

namespace Notifications.UnitTests;

/// <summary>Bad settings fail with a message that names the key (and the value found).</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("Dispatch:BatchLinger", "-00:00:01", "Dispatch:BatchLinger must be between 0 and 10 seconds (was -00:00:01).")]
    [InlineData("Dispatch:BatchLinger", "00:00:11", "Dispatch:BatchLinger must be between 0 and 10 seconds (was 00:00:11).")]
    [InlineData("Dispatch:PollInterval", "00:00:00", "Dispatch:PollInterval must be between 10 milliseconds and 5 minutes (was 00:00:00).")]
    [InlineData("Dispatch:RetryBaseDelay", "00:00:00.500", "Dispatch:RetryBaseDelay must be between 1 second and 1 hour (was 00:00:00.5000000).")]
    [InlineData("Dispatch:ClaimTimeout", "02:00:00", "Dispatch:ClaimTimeout must be between 1 second and 1 hour (was 02:00:00).")]
    [InlineData("Dispatch:AmbiguousAfter", "-00:01:00", "Dispatch:AmbiguousAfter must be between 1 second and 1 hour (was -00:01:00).")]
    [InlineData("Dispatch:RecoveryInterval", "00:00:00", "Dispatch:RecoveryInterval must be between 1 second and 10 minutes (was 00:00:00).")]
    [InlineData("Dispatch:BatchSize", "0", "Dispatch:BatchSize must be between 1 and 5,000.")]
    [InlineData("Dispatch:RetryBudget", "00:00:00", "Dispatch:RetryBudget must be between 1 second and 1 day (was 00:00:00).")]
    [InlineData("Dispatch:RetryMaxDelay", "02:00:00", "Dispatch:RetryMaxDelay must be between 1 second and 1 hour (was 02:00:00).")]
    [InlineData("Dispatch:LocalRateShare", "0", "Dispatch:LocalRateShare must be between 0.01 and 1.")]
    public void DispatchOptions_OutOfRange_FailNamingTheKey(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<DispatchOptions>(WorkerServices, (key, value)));

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Reconciliation:QueuedAfter", "00:00:00", "Reconciliation:QueuedAfter must be between 1 minute and 7 days (was 00:00:00).")]
    [InlineData("Reconciliation:SentAfter", "8.00:00:00", "Reconciliation:SentAfter must be between 1 minute and 7 days (was 8.00:00:00).")]
    [InlineData("Reconciliation:NoReceiptAfter", "00:30:00", "Reconciliation:NoReceiptAfter must be between 1 hour and 30 days (was 00:30:00).")]
    [InlineData("Reconciliation:NoReceiptAfter", "01:00:00", "Reconciliation:NoReceiptAfter must be longer than Reconciliation:SentAfter (was 01:00:00, not above 02:00:00).")]
    [InlineData("Reconciliation:BatchSize", "0", "Reconciliation:BatchSize must be between 1 and 5,000 (was 0).")]
    public void ReconciliationOptions_OutOfRange_FailNamingTheKey(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<ReconciliationOptions>(WorkerServices, (key, value)));

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Hangfire:QueuePollInterval", "00:00:00", "Hangfire:QueuePollInterval must be between 100 milliseconds and 1 hour (was 00:00:00).")]
    [InlineData("Hangfire:InvisibilityTimeout", "00:00:30", "Hangfire:InvisibilityTimeout must be between 1 minute and 1 day (was 00:00:30).")]
    public void HangfireServerSettings_OutOfRange_FailNamingTheKey(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<HangfireServerSettings>(WorkerServices, (key, value)));

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void JobsDashboardOptions_BlankUsername_FailsNamingTheKey()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<JobsDashboardOptions>(WorkerServices, ("HangfireDashboard:Username", " ")));

        Assert.Contains(failure.Failures, f => f.Contains("HangfireDashboard:Username must not be empty.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/scalar")]
    [InlineData("localhost:5080/scalar")]
    [InlineData("javascript:alert(1)")]
    public void JobsDashboardOptions_BackToSiteUrlNotAbsoluteHttp_FailsNamingTheKey(string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<JobsDashboardOptions>(WorkerServices, ("HangfireDashboard:BackToSiteUrl", value)));

        Assert.Contains(failure.Failures, f => f.Contains("HangfireDashboard:BackToSiteUrl must be an absolute http or https URL.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Simulator:Twilio:SentDelay", "-00:00:00.100", "Simulator:Twilio:SentDelay must be between 0 and 1 hour (was -00:00:00.1000000).")]
    [InlineData("Simulator:SendGrid:EventDelay", "02:00:00", "Simulator:SendGrid:EventDelay must be between 0 and 1 hour (was 02:00:00).")]
    [InlineData("Simulator:Twilio:DuplicateCallbackRate", "1.5", "Simulator:Twilio:DuplicateCallbackRate must be between 0 and 1.")]
    public void SimulatorOptions_NestedOutOfRange_FailNamingTheKey(string key, string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<SimulatorOptions>(SimulatorServices, (key, value)));

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Defaults_AreValid()
    {
        var dispatch = Resolve<DispatchOptions>(WorkerServices);
        Assert.Equal(TimeSpan.FromMilliseconds(250), dispatch.BatchLinger);
        Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 0.25), (dispatch.RetryBudget, dispatch.RetryMaxDelay, dispatch.LocalRateShare));
        Assert.Equal(TimeSpan.FromHours(72), Resolve<ReconciliationOptions>(WorkerServices).NoReceiptAfter);
        Assert.Equal(TimeSpan.FromMinutes(5), Resolve<HangfireServerSettings>(WorkerServices).InvisibilityTimeout);
        Assert.Equal("operator", Resolve<JobsDashboardOptions>(WorkerServices).Username);
        Assert.Null(Resolve<JobsDashboardOptions>(WorkerServices).BackToSiteUrl);
        Assert.Equal("http://localhost:5080/scalar", Resolve<JobsDashboardOptions>(WorkerServices, ("HangfireDashboard:BackToSiteUrl", "http://localhost:5080/scalar")).BackToSiteUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(200), Resolve<SimulatorOptions>(SimulatorServices).Twilio.SentDelay);
    }

    [Fact]
    public void InRangeValues_AreBound()
    {
        var options = Resolve<DispatchOptions>(WorkerServices, ("Dispatch:BatchLinger", "00:00:10"), ("Dispatch:RetryBaseDelay", "00:00:01"));

        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)), (options.BatchLinger, options.RetryBaseDelay));
    }

    [Fact]
    public void RetiredMaxAttempts_StillSet_DoesNotStopTheWorker()
    {
        using var provider = Services(WorkerServices, ("Dispatch:MaxAttempts", "3")).BuildServiceProvider();

        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(TimeSpan.FromHours(1), provider.GetRequiredService<IOptions<DispatchOptions>>().Value.RetryBudget);
    }

    [Fact]
    public void StartupValidation_WithABadValue_FailsBeforeAnythingReadsIt()
    {
        // What the host runs before it starts any service (ValidateOnStart).
        using var provider = Services(WorkerServices, ("Dispatch:BatchLinger", "-00:00:01")).BuildServiceProvider();
        var validator = provider.GetRequiredService<IStartupValidator>();

        var failure = Assert.Throws<OptionsValidationException>(validator.Validate);

        Assert.Contains(failure.Failures, f => f.Contains("Dispatch:BatchLinger must be between 0 and 10 seconds (was -00:00:01).", StringComparison.Ordinal));
    }

    [Fact]
    public void ProgramConfirmationMessage_LongerThanOneSmsBody_FailsNamingTheKey()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve<ProgramCatalogOptions>(
            services => services.AddPrograms(requireTexts: true),
            ("Programs:clinic:BrandName", "Clinic"), ("Programs:clinic:SupportContact", "help@example.com"),
            ("Programs:clinic:ConfirmationMessage", new string('x', 1601)),
            ("Sms:Program:BrandName", "Acme"), ("Sms:Program:SupportContact", "help@example.com")));

        Assert.Contains(failure.Failures, f => f.Contains("Programs:clinic:ConfirmationMessage must be at most 1,600 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void ProgramConfirmationMessage_OfOneSmsBody_IsAccepted()
    {
        var options = Resolve<ProgramCatalogOptions>(
            services => services.AddPrograms(requireTexts: true),
            ("Programs:clinic:BrandName", "Clinic"), ("Programs:clinic:SupportContact", "help@example.com"),
            ("Programs:clinic:ConfirmationMessage", new string('x', 1600)),
            ("Sms:Program:BrandName", "Acme"), ("Sms:Program:SupportContact", "help@example.com"));

        Assert.Equal(1600, options.Programs["clinic"].ConfirmationMessage!.Length);
    }

    private static void WorkerServices(IServiceCollection services) => services.AddWorkerOptions();

    private static void SimulatorServices(IServiceCollection services) => services.AddSimulatorOptions();

    private static T Resolve<T>(Action<IServiceCollection> register, params (string Key, string Value)[] settings)
        where T : class
    {
        using var provider = Services(register, settings).BuildServiceProvider();
        return provider.GetRequiredService<IOptions<T>>().Value;
    }

    private static ServiceCollection Services(Action<IServiceCollection> register, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        register(services);
        return services;
    }
}
