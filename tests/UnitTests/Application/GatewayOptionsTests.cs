using LlmGateway.Application;

namespace LlmGateway.UnitTests.Application;

/// <summary>
/// The limits a fresh gateway enforces when RATE_LIMIT/RATE_WINDOW are not set: the README walk-through followed by a
/// first SDK script must not meet 429 (issue 18), so users get 60 requests a minute and admins ten times that.
/// </summary>
public class GatewayOptionsTests
{
    [Fact]
    public void DefaultPolicyDocument_WithoutRateSettings_Allows60RequestsAMinutePerUser()
    {
        var limits = new GatewayOptions().DefaultPolicyDocument().Limits;

        Assert.Equal(60, limits.User!.RateLimit);
        Assert.Equal(60, limits.User.RateWindowSeconds);
        Assert.Equal(600, limits.Admin!.RateLimit);
    }

    [Fact]
    public void FallbackLimits_WithoutRateSettings_Allows60RequestsAMinute()
    {
        var limits = new GatewayOptions().FallbackLimits();

        Assert.Equal(60, limits.RateLimit);
        Assert.Equal(60, limits.RateWindowSeconds);
    }
}
