using System.Security.Cryptography;
using System.Text;
using LlmGateway.Domain.Chat;
using Microsoft.Extensions.Options;

namespace LlmGateway.Application.Common;

/// <summary>What the provider is told about who is asking (OpenAI's <c>user</c>), per <c>END_USER_ID</c>.</summary>
public enum EndUserIdMode
{
    /// <summary>A stable pseudonym of the authenticated caller: one id per real caller, whatever the client claims.</summary>
    Pseudonym,

    /// <summary>The client's <c>user</c> field as sent (at most 256 characters).</summary>
    Forward,

    /// <summary>Nothing.</summary>
    Drop,
}

/// <summary>
/// The end-user id a provider receives. By default a keyed hash (HMAC-SHA256) of the authenticated user id, so a provider's
/// abuse monitoring sees one id per real caller and learns no user id: the key is <c>END_USER_ID_KEY</c>, or derived from
/// <c>JWT_SECRET</c> (HKDF, its own purpose label) so every instance sharing the signing secret sends the same pseudonym;
/// with neither set (Development only) a random per-process key. The client's own <c>user</c> field still keys the cache.
/// </summary>
public sealed class EndUserIds
{
    private const string Prefix = "gw-";
    private const int PseudonymBytes = 16;
    private static readonly byte[] KeyPurpose = "llm-gateway end-user pseudonym v1"u8.ToArray();

    private readonly EndUserIdMode _mode;
    private readonly byte[] _key;

    public EndUserIds(IOptions<GatewayOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var gateway = options.Value;
        _mode = gateway.EndUserId;
        _key = DeriveKey(gateway.EndUserIdKey, gateway.SigningSecret);
    }

    /// <summary><paramref name="chat"/> as the provider should receive it from <paramref name="caller"/>.</summary>
    public ChatRequest ForProvider(ChatRequest chat, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(caller);
        return _mode switch
        {
            EndUserIdMode.Forward => chat,
            EndUserIdMode.Drop => chat.EndUser is null ? chat : chat with { EndUser = null },
            _ => chat with { EndUser = Pseudonym(caller.UserId) },
        };
    }

    /// <summary><c>gw-</c> and 32 hex digits: the first 128 bits of HMAC-SHA256(key, user id).</summary>
    public string Pseudonym(string userId)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userId), mac);
        return string.Concat(Prefix, Convert.ToHexStringLower(mac[..PseudonymBytes]));
    }

    private static byte[] DeriveKey(string? configuredKey, string? signingSecret)
    {
        var secret = !string.IsNullOrEmpty(configuredKey) ? configuredKey : signingSecret;
        return string.IsNullOrEmpty(secret)
            ? RandomNumberGenerator.GetBytes(32)
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: KeyPurpose);
    }
}
