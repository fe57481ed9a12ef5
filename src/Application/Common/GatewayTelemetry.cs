using System.Diagnostics;

namespace LlmGateway.Application.Common;

/// <summary>The gateway's one <see cref="ActivitySource"/>; an OpenTelemetry exporter subscribes to <see cref="SourceName"/>.</summary>
public static class GatewayTelemetry
{
    public const string SourceName = "LlmGateway";

    public static ActivitySource Source { get; } = new(SourceName);
}
