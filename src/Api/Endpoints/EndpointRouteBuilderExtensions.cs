namespace LlmGateway.Api.Endpoints;

internal static class EndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapGatewayEndpoints(this IEndpointRouteBuilder app) =>
        app.MapHealthEndpoints()
            .MapAuthEndpoints()
            .MapGenerateEndpoints()
            .MapOpenAiEndpoints()
            .MapAdminEndpoints()
            .MapApiKeyEndpoints()
            .MapPolicyEndpoints();
}
