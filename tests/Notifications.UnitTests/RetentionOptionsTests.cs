using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Worker;
using Notifications.Worker.Retention;

namespace Notifications.UnitTests;

/// <summary>The <c>Retention</c> settings: documented defaults, and refusals at start-up that name the key and say why.</summary>
public sealed class RetentionOptionsTests
{
    [Fact]
    public void Defaults_AreValid_AndAsDocumented()
    {
        var options = Resolve();

        Assert.Equal(TimeSpan.FromDays(400), options.Messages);
        Assert.Equal(TimeSpan.FromDays(30), options.MessageBodies);
        Assert.Equal(TimeSpan.FromHours(25), options.IdempotencyKeys);
        Assert.Equal(TimeSpan.FromDays(1826), options.ConsentEvidence);
        Assert.Equal(TimeSpan.FromDays(7), options.Housekeeping);
        Assert.Equal(5_000, options.BatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.BatchPause);
        Assert.Equal(TimeSpan.FromMinutes(10), options.RunBudget);
    }

    [Theory]
    [InlineData("Retention:ConsentEvidence", "1460.00:00:00", "Retention:ConsentEvidence must be at least 4 years (1461 days; was 1460.00:00:00): TCPA claims can be brought for 4 years")]
    [InlineData("Retention:IdempotencyKeys", "23:59:00", "Retention:IdempotencyKeys must be at least 24 hours (was 23:59:00): the API promises")]
    [InlineData("Retention:MessageBodies", "12:00:00", "Retention:MessageBodies must be between 1 day and 3650 days (was 12:00:00).")]
    [InlineData("Retention:Messages", "30.00:00:00", "Retention:Messages must be between 31 days and 3650 days (was 30.00:00:00).")]
    [InlineData("Retention:Housekeeping", "00:00:00", "Retention:Housekeeping must be between 1 day and 365 days (was 00:00:00).")]
    [InlineData("Retention:BatchSize", "10", "Retention:BatchSize must be between 100 and 50,000.")]
    [InlineData("Retention:RunBudget", "02:00:00", "Retention:RunBudget must be between 1 second and 50 minutes (was 02:00:00).")]
    public void OutOfRange_FailsAtStartUp_NamingTheKey(string key, string value, string message)
    {
        using var provider = Services((key, value)).BuildServiceProvider();

        // What the host runs before it starts any service (ValidateOnStart).
        var failure = Assert.Throws<OptionsValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void LongerRetentions_AreBound()
    {
        var options = Resolve(("Retention:ConsentEvidence", "3650.00:00:00"), ("Retention:IdempotencyKeys", "2.00:00:00"));

        Assert.Equal((TimeSpan.FromDays(3650), TimeSpan.FromDays(2)), (options.ConsentEvidence, options.IdempotencyKeys));
    }

    private static RetentionOptions Resolve(params (string Key, string Value)[] settings)
    {
        using var provider = Services(settings).BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
        return provider.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }

    private static ServiceCollection Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddWorkerOptions();
        return services;
    }
}
