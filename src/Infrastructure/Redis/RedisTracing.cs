using LlmGateway.Infrastructure.Redis;
using Microsoft.Extensions.Configuration;

namespace OpenTelemetry.Trace;

public static class RedisTracing
{
    /// <summary>
    /// In Redis mode, a span per Redis command of the gateway's one multiplexer (resolved from DI), under the span
    /// that issued it. Statements are the command name only: keys hold user ids and cache hashes.
    /// </summary>
    public static TracerProviderBuilder AddGatewayRedisInstrumentation(this TracerProviderBuilder tracing, IConfiguration configuration)
    {
        var redis = configuration.Get<RedisOptions>() ?? new RedisOptions();
        return redis.IsEnabled
            ? tracing.AddRedisInstrumentation(options => options.SetVerboseDatabaseStatements = false)
            : tracing;
    }
}
