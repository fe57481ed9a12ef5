using System.Security.Cryptography;
using System.Text;

namespace LlmGateway.Application.ApiKeys;

/// <summary>
/// Gateway API keys: <c>gk_&lt;id&gt;_&lt;secret&gt;</c>. The id (16 lowercase hex characters, 64 random bits) is
/// not secret: it names the stored record, so a key is found with one lookup and can be listed and revoked by id.
/// The secret (43 base62 characters, about 256 random bits) is never stored — only its SHA-256.
/// </summary>
/// <remarks>
/// A fast hash is right here, unlike for passwords: the secret is 256 bits from a CSPRNG, so there is nothing to
/// guess a dictionary from and no work factor would slow a brute force that is already out of reach; a slow hash
/// would only cost every request that carries a key.
/// </remarks>
public static class ApiKeyFormat
{
    public const string Prefix = "gk_";
    public const int PrefixLength = 3; // Prefix.Length, which C# does not treat as a constant
    public const int IdLength = 16;
    public const int SecretLength = 43;
    public const int KeyLength = PrefixLength + IdLength + 1 + SecretLength;

    /// <summary>How many trailing characters of the secret the listing shows, to tell keys apart.</summary>
    public const int HintLength = 4;

    private const int SecretStart = PrefixLength + IdLength + 1;
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>True when a bearer token is meant as a gateway key (a JWT starts with "eyJ"); says nothing about validity.</summary>
    public static bool HasPrefix(ReadOnlySpan<char> token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>A new key from the system CSPRNG, with what is stored about it.</summary>
    public static GeneratedApiKey Generate() => Generate(RandomNumberGenerator.GetHexString(IdLength, lowercase: true));

    /// <summary>A new secret for the key <paramref name="id"/> (a rotation), with what is stored about it.</summary>
    public static GeneratedApiKey Generate(string id)
    {
        var secret = RandomNumberGenerator.GetString(Base62, SecretLength);
        var key = string.Concat(Prefix, id, "_", secret);
        return new GeneratedApiKey(id, key, HashSecret(secret), secret[^HintLength..]);
    }

    /// <summary>Checks the whole shape (prefix, id, separator, secret alphabet and length) and returns the id.</summary>
    public static bool TryParse(string? key, out string id)
    {
        id = string.Empty;
        if (key is null || key.Length != KeyLength || !HasPrefix(key) || key[SecretStart - 1] != '_')
        {
            return false;
        }

        var idPart = key.AsSpan(PrefixLength, IdLength);
        if (!IsValidId(idPart) || !IsBase62(key.AsSpan(SecretStart)))
        {
            return false;
        }

        id = idPart.ToString();
        return true;
    }

    /// <summary>A key id as <see cref="Generate()"/> makes them: 16 lowercase hex characters.</summary>
    public static bool IsValidId(ReadOnlySpan<char> id)
    {
        if (id.Length != IdLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether a key that <see cref="TryParse"/> accepted carries the secret whose hash is stored. The hashes are
    /// compared in constant time, so the time taken tells nothing about how much of a guess was right.
    /// </summary>
    public static bool SecretMatches(string key, ReadOnlySpan<byte> storedHash) => SecretMatches(key, storedHash, default) != SecretMatch.None;

    /// <summary>
    /// Which of two stored hashes (the current secret's, and a rotated-out one's, or empty) the key's secret matches; the
    /// presented secret is hashed once and compared with both in constant time.
    /// </summary>
    public static SecretMatch SecretMatches(string key, ReadOnlySpan<byte> currentHash, ReadOnlySpan<byte> previousHash)
    {
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        HashSecret(key.AsSpan(SecretStart), presented);
        var current = CryptographicOperations.FixedTimeEquals(presented, currentHash);
        var previous = previousHash.Length == SHA256.HashSizeInBytes && CryptographicOperations.FixedTimeEquals(presented, previousHash);
        return current ? SecretMatch.Current : previous ? SecretMatch.Previous : SecretMatch.None;
    }

    public static byte[] HashSecret(ReadOnlySpan<char> secret)
    {
        var hash = new byte[SHA256.HashSizeInBytes];
        HashSecret(secret, hash);
        return hash;
    }

    private static void HashSecret(ReadOnlySpan<char> secret, Span<byte> destination)
    {
        // Base62 is ASCII: one byte per character; a secret of the generated length fits on the stack.
        var bytes = secret.Length <= SecretLength ? stackalloc byte[SecretLength] : new byte[secret.Length];
        var written = Encoding.ASCII.GetBytes(secret, bytes);
        SHA256.HashData(bytes[..written], destination);
    }

    private static bool IsBase62(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}

public enum SecretMatch
{
    None,
    Current,

    /// <summary>The secret a rotation replaced: valid only until the record's <c>PreviousSecretExpiresAt</c>.</summary>
    Previous,
}

/// <param name="Key">The whole key, to be shown once and then forgotten.</param>
/// <param name="SecretHash">SHA-256 of the secret part: what is stored.</param>
/// <param name="Hint">The last characters of the secret, stored to tell keys apart in a listing.</param>
public sealed record GeneratedApiKey(string Id, string Key, byte[] SecretHash, string Hint)
{
    public override string ToString() => $"GeneratedApiKey {{ Id = {Id} }}";
}
