using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Notifications.IntegrationTests.Readme;

/// <summary>
/// The README's "Try it" section, run as written: its fenced bash blocks, taken verbatim from README.md, run by bash
/// (with curl) against a running stack, with only the origins it reads from <c>API</c> and <c>SIM</c> pointed at the
/// test's processes. Each outcome the section promises is then checked.
/// </summary>
public sealed class ReadmeTryItTests(ReadmeStackFixture stack) : IClassFixture<ReadmeStackFixture>
{
    private const string TryItSection = "## Try it";
    private const string EndpointsSection = "## Endpoints";

    /// <summary>The message ids the section leaves set, printed after it so the outcomes can be followed up.</summary>
    private static readonly string[] MessageIds = ["ID", "FAILED", "BLOCKED"];

    /// <summary>What the "Endpoints" examples take from "Try it", printed after it too.</summary>
    private static readonly string[] Variables = [.. MessageIds, "KEY", "JSON"];

    /// <summary>
    /// One test, as a reader runs the README: "Try it" first (from a number that has not opted out), then the
    /// "Endpoints" examples with the variables "Try it" left set.
    /// </summary>
    [Fact]
    public async Task TryItThenEndpoints_RunAsWritten_DoWhatTheReadmeSays()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        var values = await TryIt_RecordsConsent_Delivers_FallsBackToEmail_AndStopBlocksTheNextSendAsync(readme);
        await Endpoints_EachExampleAnswersAsDocumentedAsync(readme, values);
    }

    private async Task<Dictionary<string, string>> TryIt_RecordsConsent_Delivers_FallsBackToEmail_AndStopBlocksTheNextSendAsync(string readme)
    {
        var script = Script(SectionBlocks(readme, TryItSection), Variables);
        Assert.DoesNotContain("uuidgen", script, StringComparison.Ordinal);
        Assert.DoesNotContain("jq ", script, StringComparison.Ordinal);

        var (exitCode, output, errors) = await RunBashAsync(script, new Dictionary<string, string>());

        Assert.True(exitCode == 0, $"the Try it script exited with {exitCode}:{Environment.NewLine}{output}{Environment.NewLine}{errors}");
        var values = Variables.ToDictionary(v => v, v => Assert.Single(output.Split('\n'), l => l.StartsWith($"TRYIT {v}=", StringComparison.Ordinal))[($"TRYIT {v}=").Length..].TrimEnd());
        foreach (var name in MessageIds)
        {
            Assert.True(Guid.TryParse(values[name], out _), $"{name} is not a message id: '{values[name]}'{Environment.NewLine}{output}");
        }

        // 1. consent recorded, with its evidence
        Assert.Contains("\"phone\":\"+14155550123\"", output, StringComparison.Ordinal);
        using var api = ApiClient();

        // 2 and 3. the message was accepted, followed, and is delivered
        Assert.Contains($"\"id\":\"{values["ID"]}\"", output, StringComparison.Ordinal);
        var delivered = await StatusAsync(api, values["ID"], s => s == "delivered");
        Assert.Equal("+14155550123", delivered.GetProperty("to").GetString());

        // 4. the number Twilio refuses fails with 21211, and the fallback email goes out
        var failed = await Eventually.UntilAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/messages/{values["FAILED"]}"),
            m => m.GetProperty("status").GetString() == "failed"
                && m.TryGetProperty("fallback", out var f) && f.ValueKind == JsonValueKind.Object
                && f.GetProperty("status").GetString() is "sent" or "delivered",
            "the refused message to be failed with its fallback email sent",
            TimeSpan.FromSeconds(60));
        Assert.Contains("21211", failed.ToString(), StringComparison.Ordinal);
        Assert.Equal("me@example.com", failed.GetProperty("fallback").GetProperty("email").GetString());

        // 5. STOP answered with the opt-out confirmation, and the number is suppressed
        Assert.Contains("<Message>", output, StringComparison.Ordinal);
        Assert.Contains("unsubscribed", output, StringComparison.Ordinal);
        var consent = await api.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString("+14155550123")}");
        Assert.True(consent.GetProperty("suppressed").GetBoolean(), consent.ToString());

        // 6. the next send to that number is blocked
        var blocked = await StatusAsync(api, values["BLOCKED"], s => s is "suppressed" or "delivered" or "sent" or "failed" or "undelivered");
        Assert.Equal("suppressed", blocked.GetProperty("status").GetString());
        return values;
    }

    private async Task Endpoints_EachExampleAnswersAsDocumentedAsync(string readme, Dictionary<string, string> tryIt)
    {
        var script = Script(SectionBlocks(readme, EndpointsSection), []);

        var (exitCode, output, errors) = await RunBashAsync(script, tryIt);

        Assert.True(exitCode == 0, $"the Endpoints script exited with {exitCode}:{Environment.NewLine}{output}{Environment.NewLine}{errors}");
        Assert.Contains("\"accepted\":2,\"rejected\":0", output, StringComparison.Ordinal); // the batch
        Assert.Contains($"\"id\":\"{tryIt["ID"]}\"", output, StringComparison.Ordinal); // one message
        Assert.Contains("\"suppressed\":true", output, StringComparison.Ordinal); // the consent lookup
        Assert.Contains("\"totals\":", output, StringComparison.Ordinal); // the report
        Assert.Contains("<Message>", output, StringComparison.Ordinal); // HELP through the simulator
        Assert.Contains("Healthy", output, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(output, "\"status\":403")); // the unsigned webhooks

        using var api = ApiClient();
        var consent = await api.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString("+14155550123")}");
        Assert.Equal("revoked", consent.GetProperty("purposes").GetProperty("marketing").GetProperty("status").GetString());
    }

    [Fact]
    public void SectionBlocks_TakesEveryBashBlockOfTheSectionAndNothingElse()
    {
        const string readme = """
            # Title
            ```bash
            echo before
            ```
            ## Try it
            text
            ```bash
            echo one
            ```
            more text
            ```json
            {"not": "bash"}
            ```
            ```bash
            echo two
            ```
            ## Next
            ```bash
            echo after
            ```
            """;

        var script = SectionBlocks(readme, TryItSection);

        Assert.Contains("echo one\necho two\n", script, StringComparison.Ordinal);
        Assert.DoesNotContain("before", script, StringComparison.Ordinal);
        Assert.DoesNotContain("after", script, StringComparison.Ordinal);
        Assert.DoesNotContain("not", script, StringComparison.Ordinal);
    }

    /// <summary>The bash blocks of a section (up to the next <c>## </c> heading), verbatim and in order.</summary>
    private static string SectionBlocks(string readme, string section)
    {
        var lines = readme.ReplaceLineEndings("\n").Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == section);
        Assert.True(start >= 0, $"README.md has no '{section}' section");
        var blocks = new StringBuilder();
        var inBash = false;
        var found = 0;
        for (var i = start + 1; i < lines.Length && !lines[i].StartsWith("## ", StringComparison.Ordinal); i++)
        {
            var line = lines[i];
            if (!inBash && line.TrimEnd() == "```bash")
            {
                inBash = true;
                found++;
            }
            else if (inBash && line.TrimEnd() == "```")
            {
                inBash = false;
            }
            else if (inBash)
            {
                blocks.Append(line).Append('\n');
            }
        }

        Assert.True(found > 0, $"the '{section}' section has no bash block");
        return blocks.ToString();
    }

    /// <summary>The blocks between strict-mode settings and a print of <paramref name="variables"/>.</summary>
    private static string Script(string blocks, string[] variables)
    {
        var script = new StringBuilder("set -euo pipefail\n").Append(blocks);
        foreach (var variable in variables)
        {
            script.Append(System.Globalization.CultureInfo.InvariantCulture, $"printf '\\nTRYIT {variable}=%s\\n' \"${{{variable}}}\"\n");
        }

        return script.ToString();
    }

    /// <summary>Runs the script in a directory of its own (the examples write files) with API and SIM pointed at the stack.</summary>
    private async Task<(int ExitCode, string Output, string Errors)> RunBashAsync(string script, Dictionary<string, string> variables)
    {
        var directory = RepositoryPaths.NewTempDirectory("readme-try-it");
        var path = Path.Combine(directory, "script.sh");
        await File.WriteAllTextAsync(path, script);
        try
        {
            var start = new ProcessStartInfo("bash", [path]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = directory };
            foreach (var (name, value) in variables)
            {
                start.Environment[name] = value;
            }

            start.Environment["API"] = stack.Api.BaseUrl.ToString().TrimEnd('/');
            start.Environment["SIM"] = stack.Simulator.BaseUrl.ToString().TrimEnd('/');
            start.Environment.Remove("API_KEY");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await errors);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = stack.Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReadmeStackFixture.LocalApiKey);
        return client;
    }

    private static Task<JsonElement> StatusAsync(HttpClient api, string id, Func<string?, bool> done) =>
        Eventually.UntilAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/messages/{id}"),
            m => done(m.GetProperty("status").GetString()),
            $"message {id} to reach its final status",
            TimeSpan.FromSeconds(60));
}
