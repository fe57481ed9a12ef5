using LlmGateway.Application;
using LlmGateway.Application.Ports;
using LlmGateway.Infrastructure.Redis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// Spend recorded on an earlier UTC day, written as a gateway writes it — the Redis ledger's settlement script, on the
/// gateway's own connection and key prefix — with a clock set to that day: a test cannot wait for midnight.
/// </summary>
public static class UsageRecords
{
    /// <summary>Records one answered request of <paramref name="userId"/> in <paramref name="teamId"/> on <paramref name="day"/> (no key: an access token).</summary>
    /// <remarks>A settlement is not awaited by the gateway either: the usage report shows it a moment later.</remarks>
    public static void SettleOn(GatewayApiFactory gateway, DateOnly day, string teamId, string userId, string model, int inputTokens, int outputTokens, long costNanos)
    {
        var ledger = new RedisSpendLedger(
            gateway.Services.GetRequiredService<RedisConnection>(),
            new FixedTime(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero)),
            gateway.Services.GetRequiredService<IOptions<GatewayOptions>>());
        var reservation = new SpendReservation(KeyId: null, userId, teamId, model, Tokens: 0, CostNanos: 0, 0, 0, 0, Budget: null);
        ledger.Settle(reservation, SpendAdmission.Unchecked, new SpendUse(inputTokens, outputTokens, costNanos));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
