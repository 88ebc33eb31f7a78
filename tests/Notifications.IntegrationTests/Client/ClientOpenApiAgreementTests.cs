using System.Collections;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Notifications.Client;
using Notifications.Client.Http;

namespace Notifications.IntegrationTests.Client;

/// <summary>
/// The client against the OpenAPI document the running api serves: every client call's method and path is an operation
/// there, every JSON property of the request and answer types the client uses is a property of the operation's schema
/// (nested types included), and every operation of the public API (all but the provider webhooks) has a client method.
/// </summary>
[Collection(ClientDefinition.Name)]
public sealed class ClientOpenApiAgreementTests(ClientProcesses stack)
{
    [Fact]
    public async Task EveryClientCall_IsAnOperationOfTheDocument_WithTheSamePropertyNames()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");
        var problems = new List<string>();
        foreach (var operation in ApiOperations.All)
        {
            var name = $"{operation.Method} {operation.Path}";
            if (!paths.TryGetProperty(operation.Path, out var item) || !item.TryGetProperty(operation.Method.Method.ToLowerInvariant(), out var documented))
            {
                problems.Add($"{name} ({operation.ClientMethod}) is not in the document");
                continue;
            }

            if (operation.RequestBody is { } requestType)
            {
                var schema = documented.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
                Compare(document, requestType, schema, $"{name} request", problems);
            }

            var success = documented.GetProperty("responses").EnumerateObject().First(r => r.Name.StartsWith('2'));
            Compare(document, operation.Response, success.Value.GetProperty("content").GetProperty("application/json").GetProperty("schema"), $"{name} answer", problems);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task EveryPublicOperation_HasAClientMethod_AndEveryClientMethodCallsOne()
    {
        var document = await DocumentAsync();
        var documented = document.GetProperty("paths").EnumerateObject()
            .Where(path => !path.Name.StartsWith("/api/webhooks/", StringComparison.Ordinal))
            .SelectMany(path => path.Value.EnumerateObject().Select(method => $"{method.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet();
        var called = ApiOperations.All.Select(o => $"{o.Method.Method} {o.Path}").ToHashSet();
        var methods = typeof(NotificationsClient).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).ToHashSet();

        Assert.Empty(documented.Except(called));
        Assert.Equal(ApiOperations.All.Select(o => o.ClientMethod).ToHashSet(), methods);
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var http = new HttpClient { BaseAddress = stack.Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        return await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    /// <summary>Every JSON property of <paramref name="type"/> must be one of the schema's; nested client types are compared too.</summary>
    private static void Compare(JsonElement document, Type type, JsonElement schema, string where, List<string> problems)
    {
        schema = Resolve(document, schema);
        if (!schema.TryGetProperty("properties", out var properties))
        {
            problems.Add($"{where}: the document gives no properties for {type.Name}");
            return;
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var json = JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!properties.TryGetProperty(json, out var propertySchema))
            {
                problems.Add($"{where}: {type.Name}.{property.Name} ('{json}') is not in the document");
                continue;
            }

            if (ClientTypeOf(property.PropertyType) is { } nested)
            {
                var inner = Resolve(document, propertySchema);
                if (IsCollection(property.PropertyType))
                {
                    inner = Resolve(document, inner.GetProperty(IsDictionary(property.PropertyType) ? "additionalProperties" : "items"));
                }

                Compare(document, nested, inner, $"{where} {json}", problems);
            }
        }
    }

    /// <summary>The schema a <c>$ref</c> (or a nullable <c>oneOf</c> of null and a <c>$ref</c>) stands for.</summary>
    private static JsonElement Resolve(JsonElement document, JsonElement schema)
    {
        if (schema.TryGetProperty("oneOf", out var options))
        {
            schema = options.EnumerateArray().First(o => !(o.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null"));
        }

        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(document, document.GetProperty("components").GetProperty("schemas").GetProperty(name));
        }

        return schema;
    }

    /// <summary>The client's own type in a property (itself, or its element or dictionary value type), or null.</summary>
    private static Type? ClientTypeOf(Type type)
    {
        var candidate = Nullable.GetUnderlyingType(type) ?? type;
        if (candidate.IsGenericType && typeof(IEnumerable).IsAssignableFrom(candidate))
        {
            candidate = candidate.GetGenericArguments()[^1];
        }

        return candidate.Assembly == typeof(NotificationsClient).Assembly && candidate.IsClass ? candidate : null;
    }

    private static bool IsCollection(Type type) => type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type);

    private static bool IsDictionary(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>));
}
