using Microsoft.AspNetCore.Mvc.ApplicationModels;

namespace LlmGateway.Api.Http;

/// <summary>
/// Declares the error answers an action can give, one status each, so the OpenAPI document lists every one with its
/// body; on a controller (or its base class), every action's. <see cref="ErrorResponsesConvention"/> turns it into one
/// <see cref="ProducesResponseTypeAttribute"/> per status.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public abstract class ErrorResponsesAttribute(Type body, string contentType, int[] statusCodes) : Attribute
{
    public Type Body { get; } = body;

    public string ContentType { get; } = contentType;

    public IReadOnlyList<int> StatusCodes { get; } = statusCodes;
}

/// <summary>The gateway's <c>application/problem+json</c> body (<see cref="GatewayProblem"/>).</summary>
public sealed class GatewayProblemsAttribute(params int[] statusCodes)
    : ErrorResponsesAttribute(typeof(GatewayProblem), "application/problem+json", statusCodes);

/// <summary>OpenAI's error body, as every <c>/v1</c> route answers.</summary>
public sealed class OpenAiErrorsAttribute(params int[] statusCodes)
    : ErrorResponsesAttribute(typeof(OpenAiErrorResponse), "application/json", statusCodes);

internal sealed class ErrorResponsesConvention : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        Add(action, action.Controller.Attributes);
        Add(action, action.Attributes);
    }

    private static void Add(ActionModel action, IReadOnlyList<object> attributes)
    {
        foreach (var attribute in attributes)
        {
            if (attribute is ErrorResponsesAttribute errors)
            {
                foreach (var status in errors.StatusCodes)
                {
                    action.Filters.Add(new ProducesResponseTypeAttribute(errors.Body, status, errors.ContentType));
                }
            }
        }
    }
}
