using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LlmGateway.Domain.Chat;
using LlmGateway.Domain.Policies;

namespace LlmGateway.Application.Behaviors;

/// <summary>
/// SHA-256 over a canonical, length-prefixed encoding of everything that decides an answer: policy version, the
/// output-guard plugins (<see cref="Guardrails.GuardrailSet.OutputGuardsId"/>), the team overlay merged into the policy
/// (team and overlay version), who shares it (the policy's <c>cache.scope</c>: the role, the team, the user id, or nobody
/// in particular), the client's <c>user</c> field, model, max_tokens,
/// sampling parameters, stop sequences, every message and every forwarded field of the client's body that decides the
/// answer. Length prefixes make the encoding unambiguous (no two requests
/// share an encoding); the key holds no prompt text and no user id in the clear.
/// </summary>
public static class ResponseCacheKey
{
    private const string Prefix = "v3:";

    /// <summary>Characters encoded per hashing step, so no copy of the messages is ever built.</summary>
    private const int CharsPerStep = 256;

    /// <summary>The key of <paramref name="message"/>'s answer under its pinned policy.</summary>
    public static string For(ICacheableRequest message, long outputGuardsId) =>
        Compute(message.Chat, message.Caller, message.Policy.CacheScope, message.Policy.Version, outputGuardsId, message.Policy.Team, message.Policy.OverlayVersion);

    /// <param name="overlayTeam">For a team's policy: the team, so no answer filtered by one team's overlay reaches another team.</param>
    public static string Compute(ChatRequest chat, Caller caller, CacheScope scope, long policyVersion, long outputGuardsId, string? overlayTeam = null, long overlayVersion = 0)
    {
        ArgumentNullException.ThrowIfNull(chat);
        ArgumentNullException.ThrowIfNull(caller);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[CharsPerStep * 3];
        WriteInt64(sha, policyVersion);
        WriteInt64(sha, outputGuardsId);
        WriteInt64(sha, overlayVersion);
        WriteString(sha, overlayTeam ?? string.Empty, buffer);
        WriteInt64(sha, (long)scope);
        switch (scope)
        {
            case CacheScope.Team:
                WriteString(sha, caller.TeamId, buffer);
                break;
            case CacheScope.User:
                WriteString(sha, caller.UserId, buffer);
                break;
            case CacheScope.Role:
                WriteInt64(sha, (long)caller.Role);
                break;
            case CacheScope.Global:
            default:
                break;
        }

        // The end user the client names is part of what it asked, whoever else shares the scope.
        WriteInt64(sha, chat.EndUser is null ? 0 : 1);
        WriteString(sha, chat.EndUser ?? string.Empty, buffer);
        WriteString(sha, chat.Model, buffer);
        WriteInt64(sha, chat.MaxTokens ?? -1);
        WriteDouble(sha, chat.Temperature);
        WriteDouble(sha, chat.TopP);
        WriteInt64(sha, chat.Stop?.Count ?? 0);
        if (chat.Stop is { } stop)
        {
            foreach (var sequence in stop)
            {
                WriteString(sha, sequence, buffer);
            }
        }

        WriteInt64(sha, chat.Messages.Count);
        foreach (var message in chat.Messages)
        {
            WriteInt64(sha, (long)message.Role);
            WriteString(sha, message.Content, buffer);
        }

        WriteForwarded(sha, chat.Forwarded);

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        sha.GetHashAndReset(hash);
        return string.Create(Prefix.Length + (hash.Length * 2), hash.ToArray(), static (key, digest) =>
        {
            Prefix.CopyTo(key);
            Convert.TryToHexStringLower(digest, key[Prefix.Length..], out _);
        });
    }

    /// <summary>
    /// Every forwarded field that decides the answer, as the client sent it (tools, tool_choice, response_format, n, seed,
    /// the raw messages with their image parts and tool calls, fields the gateway does not know): two requests that differ
    /// in any of them never share an answer. Fields sent in another order give another key: a miss, never a wrong answer.
    /// </summary>
    private static void WriteForwarded(IncrementalHash sha, ForwardedRequest? forwarded)
    {
        if (forwarded is null)
        {
            WriteInt64(sha, -1);
            return;
        }

        WriteInt64(sha, forwarded.Fields.Count);
        for (var i = 0; i < forwarded.Fields.Count; i++)
        {
            if (forwarded.Fields[i].DecidesAnswer)
            {
                var bytes = forwarded.Bytes(i);
                WriteInt64(sha, bytes.Length);
                sha.AppendData(bytes);
            }
        }
    }

    private static void WriteInt64(IncrementalHash sha, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        sha.AppendData(bytes);
    }

    private static void WriteDouble(IncrementalHash sha, double? value)
    {
        // NaN marks "not given", distinct from every value a caller can send.
        Span<byte> bytes = stackalloc byte[sizeof(double)];
        BinaryPrimitives.WriteDoubleLittleEndian(bytes, value ?? double.NaN);
        sha.AppendData(bytes);
    }

    /// <summary>The UTF-8 byte count, then the bytes, encoded a step at a time (a surrogate pair never split).</summary>
    private static void WriteString(IncrementalHash sha, string value, Span<byte> buffer)
    {
        WriteInt64(sha, Encoding.UTF8.GetByteCount(value));
        var rest = value.AsSpan();
        while (!rest.IsEmpty)
        {
            var take = Math.Min(CharsPerStep, rest.Length);
            if (take < rest.Length && char.IsHighSurrogate(rest[take - 1]))
            {
                take--;
            }

            sha.AppendData(buffer[..Encoding.UTF8.GetBytes(rest[..take], buffer)]);
            rest = rest[take..];
        }
    }
}
