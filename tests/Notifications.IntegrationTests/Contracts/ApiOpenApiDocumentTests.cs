using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Contracts;

/// <summary>The api's own OpenAPI document against the routes the running api actually maps.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ApiOpenApiDocumentTests(ServicesFixture services) : IAsyncLifetime
{
    private const string DocumentPath = "/openapi/v1.json";
    private static readonly string[] NotDocumented = ["/health", "/alive", "/openapi", "/scalar"];
    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    /// <summary>The POST operations that take no body (an action on the resource the path names).</summary>
    private static readonly HashSet<string> BodilessPosts = new(StringComparer.Ordinal) { "/api/messages/{id}/confirm" };

    [Fact]
    public async Task Document_WithoutApiKey_Is200Json()
    {
        var response = await _api.CreateClient().GetAsync(new Uri(DocumentPath, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Reference_WithoutApiKey_ServesScalarOverTheDocument()
    {
        var client = _api.CreateClient();

        var page = await client.GetAsync(new Uri("/scalar", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Notifications API", html, StringComparison.Ordinal);
        Assert.Contains("openapi/v1.json", html, StringComparison.Ordinal);

        // The script comes from the api itself, not a CDN.
        var script = await client.GetAsync(new Uri("/scalar/scalar.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task Document_ListsEveryMappedRoute_WithSummaryAndResponses()
    {
        var document = await DocumentAsync();
        var mapped = MappedRoutes();

        Assert.True(mapped.Count >= 10, $"expected the api's routes, found {mapped.Count}");
        var paths = document.GetProperty("paths");
        var missing = mapped
            .Where(route => !(paths.TryGetProperty(route.Path, out var item) && item.TryGetProperty(route.Method, out _)))
            .Select(route => $"{route.Method.ToUpperInvariant()} {route.Path}")
            .ToList();
        Assert.True(missing.Count == 0, $"routes missing from {DocumentPath}: {string.Join(", ", missing)}");
        foreach (var (method, path) in mapped)
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null), $"{method} {path} has no summary");
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("description", out var text) ? text.GetString() : null), $"{method} {path} has no description");
            Assert.True(operation.TryGetProperty("operationId", out _), $"{method} {path} has no operationId");
            Assert.Contains(operation.GetProperty("responses").EnumerateObject(), r => r.Name.StartsWith('2'));
            if (method == "post" && !BodilessPosts.Contains(path))
            {
                Assert.True(operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").EnumerateObject().Any(),
                    $"{method} {path} has no request body");
            }
        }
    }

    [Fact]
    public async Task Document_RequiresTheBearerScheme_OnAppEndpointsOnly()
    {
        var document = await DocumentAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        var bearer = schemes.EnumerateObject().Single(s => s.Value.GetProperty("type").GetString() == "http"
            && string.Equals(s.Value.GetProperty("scheme").GetString(), "bearer", StringComparison.OrdinalIgnoreCase));
        foreach (var (method, path, operation) in Operations(document))
        {
            var required = operation.TryGetProperty("security", out var security)
                && security.EnumerateArray().Any(r => r.TryGetProperty(bearer.Name, out _));
            if (path.StartsWith("/api/webhooks/", StringComparison.Ordinal))
            {
                Assert.False(required, $"{method} {path} is signed, not called with an API key");
                AssertProblem(document, operation, "403", $"{method} {path}");
            }
            else
            {
                Assert.True(required, $"{method} {path} should require '{bearer.Name}'");
                AssertProblem(document, operation, "401", $"{method} {path}");
            }
        }
    }

    [Theory]
    [InlineData("post", "/api/messages")]
    [InlineData("post", "/api/messages/batch")]
    [InlineData("post", "/api/consents")]
    [InlineData("post", "/api/consents/{phone}/revoke")]
    [InlineData("post", "/api/consents/requests")]
    [InlineData("get", "/api/reports/channel-reliability")]
    [InlineData("post", "/api/webhooks/twilio/status")]
    [InlineData("post", "/api/webhooks/sendgrid/events")]
    public async Task Document_DescribesValidationErrors_AsProblemJsonWithErrors(string method, string path)
    {
        var document = await DocumentAsync();

        var operation = document.GetProperty("paths").GetProperty(path).GetProperty(method);

        var schema = AssertProblem(document, operation, "400", $"{method} {path}");
        Assert.Contains("errors", Properties(document, schema));
    }

    [Theory]
    [InlineData("post", "/api/messages", "409")]
    [InlineData("post", "/api/messages", "422")]
    [InlineData("post", "/api/messages/batch", "409")]
    [InlineData("post", "/api/messages/batch", "422")]
    [InlineData("post", "/api/messages", "429")]
    [InlineData("post", "/api/messages/batch", "429")]
    [InlineData("get", "/api/messages/{id}", "404")]
    public async Task Document_DescribesProblemResponses(string method, string path, string status)
    {
        var document = await DocumentAsync();

        AssertProblem(document, document.GetProperty("paths").GetProperty(path).GetProperty(method), status, $"{method} {path}");
    }

    [Fact]
    public async Task Document_DescribesTheAcceptedMessageAndTheTwimlAnswer()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");

        var accepted = paths.GetProperty("/api/messages").GetProperty("post").GetProperty("responses").GetProperty("202")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        Assert.Contains("id", Properties(document, accepted));
        Assert.Contains("status", Properties(document, accepted));
        Assert.Contains("encoding", Properties(document, accepted));
        Assert.Contains("segments", Properties(document, accepted));
        var twiml = paths.GetProperty("/api/webhooks/twilio/inbound").GetProperty("post").GetProperty("responses").GetProperty("200")
            .GetProperty("content");
        Assert.True(twiml.TryGetProperty("application/xml", out _), $"TwiML answer: {twiml}");
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var client = _api.CreateClient();
        var response = await client.GetAsync(new Uri(DocumentPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>Every (method, path) the running api maps, as OpenAPI writes it (parameters without constraints).</summary>
    private List<(string Method, string Path)> MappedRoutes()
    {
        var dataSource = _api.Services.GetRequiredService<EndpointDataSource>();
        return dataSource.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Path: OpenApiPath(e.RoutePattern), Methods: e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(e => !NotDocumented.Any(prefix => e.Path.StartsWith(prefix, StringComparison.Ordinal)))
            .SelectMany(e => e.Methods.Select(m => (Method: m.ToLowerInvariant(), e.Path)))
            .Distinct()
            .ToList();
    }

    private static string OpenApiPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => throw new InvalidOperationException($"Unexpected route part in {pattern.RawText}."),
        }))));

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(item => item.Name is "get" or "post" or "put" or "patch" or "delete")
                .Select(item => (item.Name, path.Name, item.Value)));

    private static JsonElement AssertProblem(JsonElement document, JsonElement operation, string status, string what)
    {
        Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var response), $"{what} does not describe {status}");
        var problem = response.TryGetProperty("content", out var content) && content.TryGetProperty("application/problem+json", out var media)
            ? media
            : (JsonElement?)null;
        Assert.True(problem is not null, $"{what} {status} is not described as application/problem+json: {response}");
        var schema = problem.Value.GetProperty("schema");
        var properties = Properties(document, schema);
        Assert.Contains("title", properties);
        Assert.Contains("status", properties);
        return schema;
    }

    /// <summary>The property names of a schema, following <c>$ref</c> and <c>allOf</c>.</summary>
    private static HashSet<string> Properties(JsonElement document, JsonElement schema)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var target = document;
            foreach (var segment in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(segment);
            }

            names.UnionWith(Properties(document, target));
        }

        if (schema.TryGetProperty("allOf", out var all))
        {
            foreach (var part in all.EnumerateArray())
            {
                names.UnionWith(Properties(document, part));
            }
        }

        if (schema.TryGetProperty("properties", out var properties))
        {
            names.UnionWith(properties.EnumerateObject().Select(p => p.Name));
        }

        return names;
    }
}
