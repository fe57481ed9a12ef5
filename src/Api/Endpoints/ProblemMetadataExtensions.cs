using LlmGateway.Api.Contracts;

namespace LlmGateway.Api.Endpoints;

internal static class ProblemMetadataExtensions
{
    /// <summary>Declares the gateway's problem body for each status, so the OpenAPI document lists every error answer.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var statusCode in statusCodes)
        {
            builder.Produces<GatewayProblem>(statusCode, "application/problem+json");
        }

        return builder;
    }
}
