using System.Globalization;
using System.Text.Json;

namespace Notifications.IntegrationTests.Simulator;

/// <summary>
/// Checks a JSON document against a response schema of an OpenAPI 3.0 description: types,
/// <c>nullable</c>, <c>$ref</c>, enums, arrays, objects (every declared property present, nothing
/// undeclared) and the RFC 2822 date format Twilio uses.
/// </summary>
public sealed class OpenApiSchemaValidator(JsonDocument description)
{
    public static OpenApiSchemaValidator Load(string path) => new(JsonDocument.Parse(File.ReadAllText(path)));

    public JsonElement ResponseSchema(string path, string method, string status) =>
        description.RootElement.GetProperty("paths").GetProperty(path).GetProperty(method)
            .GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema");

    public IReadOnlyList<string> Validate(JsonElement value, JsonElement schema)
    {
        var errors = new List<string>();
        Validate(value, schema, "$", errors);
        return errors;
    }

    private void Validate(JsonElement value, JsonElement schema, string at, List<string> errors)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Validate(value, Resolve(reference.GetString()!), at, errors);
            return;
        }

        if (value.ValueKind == JsonValueKind.Null)
        {
            if (!(schema.TryGetProperty("nullable", out var nullable) && nullable.GetBoolean()))
            {
                errors.Add($"{at}: null but not nullable");
            }

            return;
        }

        var type = schema.TryGetProperty("type", out var t) ? t.GetString() : null;
        var ok = type switch
        {
            "string" => value.ValueKind == JsonValueKind.String,
            "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
            "number" => value.ValueKind == JsonValueKind.Number,
            "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
            "array" => value.ValueKind == JsonValueKind.Array,
            "object" => value.ValueKind == JsonValueKind.Object,
            _ => true,
        };
        if (!ok)
        {
            errors.Add($"{at}: expected {type}, got {value.ValueKind}");
            return;
        }

        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => v.GetString() == value.GetString()))
        {
            errors.Add($"{at}: '{value.GetString()}' is not one of the schema's values");
        }

        if (schema.TryGetProperty("format", out var format) && format.GetString() == "date-time-rfc-2822"
            && !DateTimeOffset.TryParseExact(value.GetString(), "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add($"{at}: '{value.GetString()}' is not an RFC 2822 date");
        }

        if (type == "array" && schema.TryGetProperty("items", out var items))
        {
            var i = 0;
            foreach (var item in value.EnumerateArray())
            {
                Validate(item, items, $"{at}[{i++}]", errors);
            }
        }

        if (type == "object" && schema.TryGetProperty("properties", out var properties))
        {
            foreach (var property in value.EnumerateObject())
            {
                if (!properties.TryGetProperty(property.Name, out var propertySchema))
                {
                    errors.Add($"{at}.{property.Name}: not declared by the schema");
                    continue;
                }

                Validate(property.Value, propertySchema, $"{at}.{property.Name}", errors);
            }

            foreach (var declared in properties.EnumerateObject().Where(p => !value.TryGetProperty(p.Name, out _)))
            {
                errors.Add($"{at}.{declared.Name}: missing");
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        var node = description.RootElement;
        foreach (var part in reference.TrimStart('#', '/').Split('/'))
        {
            node = node.GetProperty(part);
        }

        return node;
    }
}
