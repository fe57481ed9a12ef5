using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// A Lua script called by its SHA-1 (EVALSHA). A server that does not know it yet answers NOSCRIPT; the
/// script is then sent once with EVAL, which also caches it there — per node, so it works on Cluster.
/// </summary>
internal sealed class RedisScript(string source)
{
    // SHA-1 is what Redis names scripts by (EVALSHA); it identifies, it does not protect anything.
#pragma warning disable CA5350
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(source));
#pragma warning restore CA5350

    public string Source { get; } = source;

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync database, RedisKey[] keys, RedisValue[] values, CommandFlags flags = CommandFlags.None)
    {
        try
        {
            return await database.ScriptEvaluateAsync(_sha1, keys, values, flags);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await database.ScriptEvaluateAsync(Source, keys, values, flags);
        }
    }
}
