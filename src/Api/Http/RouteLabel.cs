using Microsoft.AspNetCore.Routing.Patterns;

namespace LlmGateway.Api.Http;

/// <summary>
/// The route template as metrics and logs name it — <c>/v1/chat/completions</c>, with its leading slash — computed once
/// per endpoint at start-up: attribute routes keep their template without it.
/// </summary>
internal sealed class RouteLabel(string value)
{
    public string Value { get; } = value;

    public static string? Of(Endpoint? endpoint) =>
        endpoint?.Metadata.GetMetadata<RouteLabel>()?.Value ?? (endpoint as RouteEndpoint)?.RoutePattern.RawText;

    public static string For(RoutePattern pattern)
    {
        var raw = pattern.RawText ?? string.Empty;
        return raw.StartsWith('/') ? raw : "/" + raw;
    }
}

internal static class RouteLabelExtensions
{
    public static TBuilder WithRouteLabels<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route)
            {
                endpoint.Metadata.Add(new RouteLabel(RouteLabel.For(route.RoutePattern)));
            }
        });
        return builder;
    }
}
