using System.Diagnostics.CodeAnalysis;
using System.Net;
using Microsoft.Extensions.Options;

namespace LlmGateway.Api.Http;

/// <summary>
/// The networks (TRUSTED_NETWORKS) whose requests the gateway believes about themselves: their trace context is
/// continued and their X-Request-Id kept. Empty by default, so no client decides which trace the gateway's spans
/// join, what baggage travels on, or which id its request is logged under.
/// </summary>
internal sealed class TrustedNetworks
{
    private readonly IPNetwork[] _networks;

    public TrustedNetworks(IOptions<ApiOptions> options)
    {
        // ApiOptions' validation refused anything unreadable at start-up.
        _networks = TryParse(options.Value.TrustedNetworks, out var networks, out _) ? networks : [];
    }

    /// <summary>No network configured (the default): nobody is trusted, and nothing needs looking at.</summary>
    public bool IsEmpty => _networks.Length == 0;

    public bool Contains(IPAddress? address)
    {
        if (_networks.Length == 0 || address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        foreach (var network in _networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads "10.0.0.0/8, 192.168.1.7, fd00::/8"; a bare address is a network of one.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPNetwork[]? networks, out string? invalid)
    {
        invalid = null;
        var parsed = new List<IPNetwork>();
        foreach (var entry in (text ?? string.Empty).Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(entry, out var network))
            {
                parsed.Add(network);
            }
            else if (IPAddress.TryParse(entry, out var single))
            {
                parsed.Add(new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                invalid = entry;
                networks = null;
                return false;
            }
        }

        networks = [.. parsed];
        return true;
    }
}
