using System.Reflection;
using Notifications.Core.Programs;
using Notifications.Core.Privacy;
using Notifications.Core.SendGrid;
using Notifications.Core.Sms;
using Notifications.Core.Twilio;
using Notifications.Simulator;
using Notifications.Worker;
using Notifications.Worker.Dispatch;

namespace Notifications.IntegrationTests.Readme;

/// <summary>
/// docs/configuration.md names every setting the code reads: each settable property of every options class (found
/// by reflection, so a new class or property is caught) and each provider key.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    /// <summary>The configuration path of each options class (a new one must be added here, and to the page).</summary>
    private static readonly Dictionary<Type, string> Sections = new()
    {
        [typeof(DispatchOptions)] = DispatchOptions.SectionName,
        [typeof(ReconciliationOptions)] = ReconciliationOptions.SectionName,
        [typeof(Notifications.Worker.Retention.RetentionOptions)] = Notifications.Worker.Retention.RetentionOptions.SectionName,
        [typeof(HangfireServerSettings)] = HangfireServerSettings.SectionName,
        [typeof(Notifications.Worker.Dashboard.JobsDashboardOptions)] = Notifications.Worker.Dashboard.JobsDashboardOptions.SectionName,
        [typeof(NumberHashOptions)] = NumberHashOptions.SectionName,
        [typeof(ProgramOptions)] = ProgramOptions.SectionName,
        [typeof(Notifications.Core.Consent.ConsentRequestOptions)] = Notifications.Core.Consent.ConsentRequestOptions.SectionName,
        [typeof(SmsOptions)] = SmsOptions.SectionName,
        [typeof(SenderOptions)] = SmsSendersOptions.SectionName + ":<country>",
        [typeof(Notifications.Api.SendGrid.SendGridWebhookOptions)] = Notifications.Api.SendGrid.SendGridWebhookOptions.Section,
        [typeof(TwilioSimulatorOptions)] = SimulatorOptions.SectionName + ":Twilio",
        [typeof(SendGridSimulatorOptions)] = SimulatorOptions.SectionName + ":SendGrid",
        [typeof(Notifications.Core.Windows.SendWindowOptions)] = Notifications.Core.Windows.SendWindowOptions.SectionName,
        [typeof(Notifications.Core.Windows.StateWindowOptions)] = Notifications.Core.Windows.SendWindowOptions.SectionName + ":States:<ST>",
        [typeof(Notifications.Core.Windows.FrequencyCapOptions)] = Notifications.Core.Windows.FrequencyCapsOptions.SectionName + ":<purpose>",
    };

    /// <summary>Options classes whose properties are not configuration keys of their own.</summary>
    private static readonly HashSet<Type> ReadByKey =
    [
        typeof(TwilioOptions), // TWILIO_* and PUBLIC_BASE_URL: its *Key constants
        typeof(SendGridOptions), // SENDGRID_*: its *Key constants
        typeof(SimulatorOptions), // only the Twilio and SendGrid parts
        typeof(SmsSendersOptions), // Sms:Senders:<country>: SenderOptions
        typeof(Notifications.Api.Auth.ApiKeyOptions), // ApiKeys:<app>
        typeof(Notifications.Api.Auth.AppScopeOptions), // Apps:<app>:Scopes
        typeof(ProgramCatalogOptions), // Sms:Program, Programs:<name> (ProgramOptions) and Apps:<app>:Program
        typeof(Notifications.Api.Messages.DailySegmentLimitOptions), // Apps:<app>:DailySegmentLimit
        typeof(Notifications.Core.Windows.FrequencyCapsOptions), // FrequencyCaps:<purpose>: FrequencyCapOptions
        typeof(Notifications.Simulator.Twilio.TwilioBehaviourSettings), // the body of PUT /simulator/twilio/behaviour, from Simulator:Twilio
    ];

    private static readonly Assembly[] Assemblies =
    [
        typeof(TwilioOptions).Assembly, typeof(DispatchOptions).Assembly, typeof(SimulatorOptions).Assembly,
        typeof(Notifications.Api.Auth.ApiKeyOptions).Assembly,
    ];

    private static string Reference => File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "configuration.md"));

    [Fact]
    public void EveryOptionsClass_HasAKnownSection()
    {
        var unknown = Assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && (t.Name.EndsWith("Options", StringComparison.Ordinal) || t.Name.EndsWith("Settings", StringComparison.Ordinal)))
            .Where(t => t.Namespace?.StartsWith("Notifications", StringComparison.Ordinal) == true)
            .Where(t => !Sections.ContainsKey(t) && !ReadByKey.Contains(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.True(unknown.Count == 0, $"options classes missing from docs/configuration.md and this test: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void EveryOptionsProperty_IsNamedInTheReference()
    {
        var reference = Reference;
        var missing = Sections
            .SelectMany(s => s.Key.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite && p.SetMethod!.IsPublic)
                .Select(p => $"{s.Value}:{p.Name}"))
            .Where(key => !reference.Contains($"`{key}`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, $"settings not named in docs/configuration.md: {string.Join(", ", missing)}");
    }

    [Fact]
    public void EveryProviderKey_IsNamedInTheReference()
    {
        var reference = Reference;
        var keys = new[] { typeof(TwilioOptions), typeof(SendGridOptions), typeof(NumberHashOptions) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name.EndsWith("Key", StringComparison.Ordinal))
                .Select(f => (string)f.GetRawConstantValue()!))
            .ToList();
        Assert.Contains("PUBLIC_BASE_URL", keys);

        var missing = keys.Where(key => !reference.Contains($"`{key}`", StringComparison.Ordinal)).ToList();

        Assert.True(missing.Count == 0, $"settings not named in docs/configuration.md: {string.Join(", ", missing)}");
    }
}
