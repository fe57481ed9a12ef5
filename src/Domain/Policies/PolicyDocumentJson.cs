using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace LlmGateway.Domain.Policies;

/// <summary>One problem of a policy document as sent, under its path in the document (<c>prompt_inspection.rules[3]</c>).</summary>
public readonly record struct PolicyProblem(string Path, string Message);

/// <summary>
/// Reads a policy document strictly, as the admin API takes it: every field must be one the document has, in the place it
/// has it; the envelope GET answers (<c>{version, updated_at, updated_by, policy}</c>) is refused by name. The known fields
/// are the serializer's own metadata for <see cref="PolicyDocument"/>, so a field added to the model is known here at once.
/// Stored documents are read leniently elsewhere (a newer instance's field must not break an older one).
/// </summary>
public static class PolicyDocumentJson
{
    /// <summary>Enough to fix a document by; a body of thousands of unknown fields does not get thousands of lines back.</summary>
    public const int MaxProblems = 50;

    private const int MaxNameInPath = 64;

    public const string EnvelopeMessage =
        "This is the envelope GET /admin/policy answers ({version, updated_at, updated_by, policy}); PUT and PATCH take the "
        + "policy document alone: send the value of 'policy' as the body.";

    private static readonly JsonTypeInfo<PolicyDocument> DocumentType = PolicyJsonContext.Default.PolicyDocument;

    /// <summary>Each field name of the document, with the places it belongs, for a message about a misplaced field.</summary>
    private static readonly FrozenDictionary<string, string> KnownPlaces = CollectKnownPlaces();

    /// <summary>
    /// The problems of shape in <paramref name="json"/>: not an object, the envelope, unknown or misplaced fields, a field
    /// given twice. Values are not checked here (a <c>null</c> stands for the field's default); <see cref="Read"/> does that.
    /// </summary>
    public static List<PolicyProblem> FindShapeProblems(JsonElement json)
    {
        var problems = new List<PolicyProblem>();
        if (json.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new PolicyProblem("policy", "The policy document must be a JSON object."));
            return problems;
        }

        if (json.TryGetProperty("policy", out _))
        {
            problems.Add(new PolicyProblem("policy", EnvelopeMessage));
            return problems;
        }

        Walk(json, DocumentType, string.Empty, problems);
        return problems;
    }

    /// <summary>The document, or null with the reason added to <paramref name="problems"/> when a value has the wrong type.</summary>
    public static PolicyDocument? Read(JsonElement json, List<PolicyProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        try
        {
            return json.Deserialize(DocumentType) ?? Fail(problems, new PolicyProblem("policy", "The policy document must be a JSON object."));
        }
        catch (JsonException exception)
        {
            // The serializer's message names CLR types; the path is all the admin needs.
            return Fail(problems, new PolicyProblem(PathOf(exception.Path), "has the wrong type, or a value the field does not take."));
        }
    }

    /// <summary>The document as GET answers it, as a tree a merge patch can be applied to.</summary>
    public static JsonObject ToJsonObject(PolicyDocument document) =>
        JsonSerializer.SerializeToNode(document, DocumentType)!.AsObject();

    /// <summary><paramref name="patch"/> (RFC 7396) applied to <paramref name="live"/>: the document to <see cref="Read"/>.</summary>
    public static JsonElement MergePatch(PolicyDocument live, JsonElement patch)
    {
        var merged = JsonMergePatch.Apply(ToJsonObject(live), patch);
        using var json = JsonDocument.Parse(merged?.ToJsonString() ?? "null");
        return json.RootElement.Clone();
    }

    private static PolicyDocument? Fail(List<PolicyProblem> problems, PolicyProblem problem)
    {
        problems.Add(problem);
        return null;
    }

    private static void Walk(JsonElement element, JsonTypeInfo type, string path, List<PolicyProblem> problems)
    {
        // An object's fields are the type's properties; a map's (plugins) are names the admin picks, each holding an entry.
        var isMap = type.Kind == JsonTypeInfoKind.Dictionary;
        if ((type.Kind == JsonTypeInfoKind.Object || isMap) && element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var field in element.EnumerateObject())
            {
                if (problems.Count >= MaxProblems)
                {
                    return;
                }

                var fieldPath = Join(path, field.Name);
                var fieldType = isMap ? type.ElementType : Find(type, field.Name)?.PropertyType;
                if (!seen.Add(field.Name))
                {
                    problems.Add(new PolicyProblem(fieldPath, "is given more than once."));
                }
                else if (fieldType is null)
                {
                    problems.Add(new PolicyProblem(fieldPath, UnknownFieldMessage(field.Name)));
                }
                else if (field.Value.ValueKind != JsonValueKind.Null)
                {
                    Walk(field.Value, type.Options.GetTypeInfo(fieldType), fieldPath, problems);
                }
            }
        }
        else if (type.Kind == JsonTypeInfoKind.Enumerable && element.ValueKind == JsonValueKind.Array && type.ElementType is { } elementType)
        {
            var itemType = type.Options.GetTypeInfo(elementType);
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Null)
                {
                    Walk(item, itemType, $"{path}[{index}]", problems);
                }

                index++;
            }
        }
    }

    private static JsonPropertyInfo? Find(JsonTypeInfo type, string name)
    {
        foreach (var property in type.Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                return property;
            }
        }

        return null;
    }

    private static string UnknownFieldMessage(string name) =>
        KnownPlaces.TryGetValue(name, out var places)
            ? $"is not a field here; '{name}' belongs in {places}."
            : "is not a field of the policy document (docs/configuration.md lists them).";

    private static string Join(string path, string name)
    {
        var shown = name.Length <= MaxNameInPath ? name : string.Concat(name.AsSpan(0, MaxNameInPath), "…");
        return path.Length == 0 ? shown : string.Concat(path, ".", shown);
    }

    /// <summary>The serializer's path (<c>$.prompt_inspection.rules[0].score</c>) as the document's (<c>prompt_inspection.rules[0].score</c>).</summary>
    private static string PathOf(string? serializerPath) => serializerPath switch
    {
        null or "$" => "policy",
        _ when serializerPath.StartsWith("$.", StringComparison.Ordinal) => serializerPath[2..],
        _ => serializerPath.TrimStart('$'),
    };

    private static FrozenDictionary<string, string> CollectKnownPlaces()
    {
        var places = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Collect(DocumentType, "the document's top level", places, depth: 0);
        var joined = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, where) in places)
        {
            joined[name] = string.Join(" or ", where);
        }

        return joined.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static void Collect(JsonTypeInfo type, string place, Dictionary<string, List<string>> places, int depth)
    {
        if (depth > 4)
        {
            return;
        }

        if (type.Kind is JsonTypeInfoKind.Enumerable or JsonTypeInfoKind.Dictionary && type.ElementType is { } elementType)
        {
            Collect(type.Options.GetTypeInfo(elementType), place + (type.Kind == JsonTypeInfoKind.Dictionary ? ".<name>" : "[]"), places, depth + 1);
            return;
        }

        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties)
        {
            if (!places.TryGetValue(property.Name, out var where))
            {
                places[property.Name] = where = [];
            }

            if (!where.Contains(place))
            {
                where.Add(place);
            }

            var childPlace = depth == 0 ? property.Name : $"{place}.{property.Name}";
            Collect(type.Options.GetTypeInfo(property.PropertyType), childPlace, places, depth + 1);
        }
    }
}
