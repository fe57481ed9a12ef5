using System.Net;
using LlmGateway.Api;
using LlmGateway.Api.Http;
using Microsoft.Extensions.Options;

namespace LlmGateway.UnitTests.Api.Http;

public sealed class TrustedNetworksTests
{
    [Theory]
    [InlineData("10.1.2.3", true)]
    [InlineData("::ffff:10.1.2.3", true)]   // an IPv4 peer on a dual-mode socket
    [InlineData("192.168.1.7", true)]
    [InlineData("192.168.1.8", false)]
    [InlineData("fd00::1", true)]
    [InlineData("11.0.0.1", false)]
    [InlineData("127.0.0.1", false)]
    public void Contains_ConfiguredRangesAndSingleAddresses_OnlyThoseAddresses(string address, bool expected)
    {
        var trusted = new TrustedNetworks(Options.Create(new ApiOptions { TrustedNetworks = "10.0.0.0/8, 192.168.1.7;fd00::/8" }));

        Assert.Equal(expected, trusted.Contains(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Contains_NothingConfigured_TrustsNoOne(string? setting)
    {
        var trusted = new TrustedNetworks(Options.Create(new ApiOptions { TrustedNetworks = setting }));

        Assert.False(trusted.Contains(IPAddress.Loopback));
        Assert.False(trusted.Contains(null));
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("intranet")]
    public void TryParse_NotARangeOrAddress_NamesTheBadEntry(string entry)
    {
        Assert.False(TrustedNetworks.TryParse($"10.0.0.0/8, {entry}", out _, out var invalid));
        Assert.Equal(entry, invalid);
    }
}
