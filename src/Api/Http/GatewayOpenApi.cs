using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Serialization;
using NJsonSchema;
using NJsonSchema.Generation;
using Namotion.Reflection;
using NSwag;
using NSwag.Generation.Processors;
using NSwag.Generation.Processors.Contexts;
using NSwag.Generation.Processors.Security;

namespace LlmGateway.Api.Http;

/// <summary>
/// The OpenAPI document (<c>/openapi/v1.json</c>), shaped so that linters accept it and client generators get the
/// contract right: a field the gateway always writes, or requires, is <c>required</c>; a nullable reference is
/// <c>type: object, nullable: true, allOf: [$ref]</c> (OpenAPI 3.0 allows no siblings next to a <c>$ref</c>);
/// anonymous operations say so (<c>security: [{}]</c>); the streamed chat answer is described as an event stream.
/// <c>npx @redocly/cli lint</c> reports no error on it (OpenApiLintTests).
/// </summary>
internal static class GatewayOpenApi
{
    private const string EventStream = "text/event-stream";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services) =>
        services.AddOpenApiDocument(document =>
        {
            document.DocumentName = "v1";
            document.Title = "LLM Gateway";
            document.Description = "Authenticated, rate-limited, inspected, policy-checked, cached and filtered access to language models.";
            document.AddSecurity("Bearer", new OpenApiSecurityScheme
            {
                Type = OpenApiSecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The access_token from POST /login, a gateway API key (gk_…) from POST /admin/keys, or an access token of the single sign-on issuer when one is configured.",
            });
            document.OperationProcessors.Add(new AspNetCoreOperationSecurityScopeProcessor("Bearer"));
            document.OperationProcessors.Add(new RawJsonBodies());
            document.SchemaSettings.SchemaProcessors.Add(new RequiredMembers());
            document.PostProcess = PostProcess;
        });

    private static void PostProcess(OpenApiDocument document)
    {
        foreach (var schema in document.Components.Schemas.Values)
        {
            foreach (var property in schema.Properties.Values)
            {
                WithoutSiblings(property);
                if (property.Item is { } item)
                {
                    WithoutSiblings(item);
                }
            }
        }

        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item)
            {
                // The security scope processor names the scheme on [Authorize] operations; the rest need no token, which
                // OpenAPI says with one empty requirement (an empty list is not written).
                if (operation.Security is not { Count: > 0 })
                {
                    operation.Security = [new OpenApiSecurityRequirement()];
                }

                if (path == "/v1/chat/completions" && method == OpenApiOperationMethod.Post)
                {
                    DescribeEventStream(
                        operation.Responses["200"],
                        "The answer: a chat.completion object, or with stream: true an event stream.",
                        "Server-sent events, one per line pair: data: {chat.completion.chunk} — the text as it is released "
                            + "by the output filter, then a last chunk with finish_reason (and usage when stream_options.include_usage), "
                            + "and the gateway's decisions; an error after the 200 arrives as data: {\"error\": {...}}; the stream ends "
                            + "with data: [DONE].");
                }

                if (path == "/v1/responses" && method == OpenApiOperationMethod.Post)
                {
                    DescribeEventStream(
                        operation.Responses["200"],
                        "The answer: a response object, or with stream: true an event stream of Responses events.",
                        "Server-sent events, each event: <type> and data: {\"type\", \"sequence_number\", ...}: response.created, "
                            + "response.in_progress; for the message response.output_item.added, response.content_part.added, "
                            + "response.output_text.delta (text as the output filter releases it; response.refusal.delta for a refusal), "
                            + "response.output_text.done, response.content_part.done, response.output_item.done; for each function call "
                            + "response.output_item.added, response.function_call_arguments.delta, response.function_call_arguments.done, "
                            + "response.output_item.done; then response.completed (or response.incomplete) with the whole response. A "
                            + "failure after the 200 arrives as an error event followed by response.failed.");
                }

                if (path is "/admin/policy" or "/admin/teams/{id}/policy" && method is OpenApiOperationMethod.Put or OpenApiOperationMethod.Patch)
                {
                    DescribePolicyBody(document, operation, method == OpenApiOperationMethod.Put ? "application/json" : PolicyRequests.MergePatchContentType);
                }
            }
        }
    }

    /// <summary>
    /// A reference with a description or <c>nullable</c> beside it is written as a one-element <c>oneOf</c>; <c>allOf</c>
    /// says the same without a composition linters question. OpenAPI 3.0 gives <c>nullable</c> meaning only next to a
    /// <c>type</c>: the referenced schema's.
    /// </summary>
    private static void WithoutSiblings(JsonSchema schema)
    {
        if (schema.OneOf.Count == 1)
        {
            var single = schema.OneOf.First();
            schema.OneOf.Clear();
            schema.AllOf.Add(single);
        }

        if (schema.IsNullableRaw != true || schema.Type != JsonObjectType.None)
        {
            return;
        }

        if (schema.AllOf.Count == 1)
        {
            var referenced = schema.AllOf.First().ActualSchema.Type;
            schema.Type = referenced == JsonObjectType.None ? JsonObjectType.Object : referenced;
        }
        else
        {
            // Any JSON value (a JsonElement): null is one of them already.
            schema.IsNullableRaw = null;
        }
    }

    /// <summary>
    /// PUT and PATCH /admin/policy bind the body as raw JSON (the handler reads it strictly); the contract is the policy
    /// document — for PATCH, a merge patch of it — under the one media type each takes.
    /// </summary>
    private static void DescribePolicyBody(OpenApiDocument document, OpenApiOperation operation, string mediaType)
    {
        if (!document.Components.Schemas.TryGetValue(nameof(Domain.Policies.PolicyDocument), out var policy))
        {
            return;
        }

        operation.RequestBody ??= new OpenApiRequestBody();
        operation.RequestBody.IsRequired = true;
        operation.RequestBody.Content.Clear();
        operation.RequestBody.Content[mediaType] = new OpenApiMediaType { Schema = new JsonSchema { Reference = policy } };
    }

    /// <summary>A route that answers JSON, or with stream: true an event stream: the stream described beside the JSON.</summary>
    private static void DescribeEventStream(OpenApiResponse response, string description, string events)
    {
        response.Description = description;
        response.Content[EventStream] = new OpenApiMediaType
        {
            Schema = new JsonSchema { Type = JsonObjectType.String, Description = events },
        };
    }

    /// <summary>
    /// An action that reads its body as bytes (<see cref="JsonBodyAttribute"/>) has no body parameter for the generator to
    /// describe; its body is described by the contract type the attribute names.
    /// </summary>
    private sealed class RawJsonBodies : IOperationProcessor
    {
        public bool Process(OperationProcessorContext context)
        {
            if (context.MethodInfo?.GetCustomAttribute<JsonBodyAttribute>() is not { } body)
            {
                return true;
            }

            var schema = context.SchemaGenerator.GenerateWithReferenceAndNullability<JsonSchema>(body.Type.ToContextualType(), false, context.SchemaResolver);
            context.OperationDescription.Operation.RequestBody = new OpenApiRequestBody
            {
                IsRequired = true,
                Content = { ["application/json"] = new OpenApiMediaType { Schema = schema } },
            };
            return true;
        }
    }

    /// <summary>
    /// A contract property is required when the gateway always writes it (its type is not nullable) or when a request
    /// must carry it (<see cref="RequiredAttribute"/>; the pipeline's validator still answers a missing one with its own 400).
    /// </summary>
    private sealed class RequiredMembers : ISchemaProcessor
    {
        public void Process(SchemaProcessorContext context)
        {
            var type = context.ContextualType.Type;
            if (type.Namespace != typeof(GatewayProblem).Namespace)
            {
                return;
            }

            var nullability = new NullabilityInfoContext();
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? property.Name;
                if (!context.Schema.Properties.ContainsKey(name))
                {
                    continue;
                }

                if ((property.GetCustomAttribute<RequiredAttribute>() is not null || nullability.Create(property).ReadState == NullabilityState.NotNull)
                    && !context.Schema.RequiredProperties.Contains(name))
                {
                    context.Schema.RequiredProperties.Add(name);
                }
            }
        }
    }
}

/// <summary>The action reads a JSON body of this shape itself (as bytes, to forward what it does not read); for the OpenAPI document.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class JsonBodyAttribute(Type type) : Attribute
{
    public Type Type { get; } = type;
}
