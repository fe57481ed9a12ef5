using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using StackExchange.Redis;

namespace LlmGateway.Infrastructure.Redis;

/// <summary>
/// The one way an account or an API key record is written: a script that compares, writes (or deletes) and publishes the
/// change on <c>credentials:changed</c> atomically — so no write can be missed by the instances' credential caches, and
/// two admins changing one record never lose either change (the loser reads again and reapplies its change).
/// </summary>
internal static class RedisRecordWrite
{
    /// <summary>How often a change is reapplied after losing a race before the store gives up (503).</summary>
    public const int Attempts = 8;

    // KEYS: the record. ARGV: mode ('any' | 'absent' | 'equal'), the expected value (for 'equal'), the new value ('' =
    // delete), the channel, the message. Returns 1 when written, 0 when the expectation did not hold.
    private static readonly RedisScript CompareAndSetScript = new("""
        local current = redis.call('GET', KEYS[1])
        if ARGV[1] == 'absent' and current then
          return 0
        end
        if ARGV[1] == 'equal' and current ~= ARGV[2] then
          return 0
        end
        if ARGV[3] == '' then
          redis.call('DEL', KEYS[1])
        else
          redis.call('SET', KEYS[1], ARGV[3])
        end
        redis.call('PUBLISH', ARGV[4], ARGV[5])
        return 1
        """);

    public static Task<bool> SetAsync(RedisConnection redis, RedisKey key, byte[] value, RedisValue message, string what) =>
        RunAsync(redis, key, "any", RedisValue.EmptyString, value, message, what);

    public static Task<bool> AddAsync(RedisConnection redis, RedisKey key, byte[] value, RedisValue message, string what) =>
        RunAsync(redis, key, "absent", RedisValue.EmptyString, value, message, what);

    /// <summary>Writes <paramref name="value"/> (or deletes, when empty) only over exactly <paramref name="expected"/>.</summary>
    public static Task<bool> ReplaceAsync(RedisConnection redis, RedisKey key, RedisValue expected, RedisValue value, RedisValue message, string what) =>
        RunAsync(redis, key, "equal", expected, value, message, what);

    /// <summary>
    /// Reads the record, applies <paramref name="change"/> and writes the result only over what was read, reading again
    /// after a lost race: null when there is no record, the record as it was when the change left it alone (nothing is
    /// written then). <paramref name="forget"/> runs once the change is written.
    /// </summary>
    public static async ValueTask<T?> UpdateAsync<T>(
        RedisConnection redis, RedisKey key, JsonTypeInfo<T> json, Func<T, T> change, RedisValue message, Action forget, string record, string what)
        where T : class
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var stored = await redis.CallOrThrowAsync(db => db.StringGetAsync(key), what);
            if (stored.IsNull || JsonSerializer.Deserialize((byte[])stored!, json) is not { } current)
            {
                return null;
            }

            var changed = change(current);
            if (ReferenceEquals(changed, current))
            {
                return current;
            }

            if (await ReplaceAsync(redis, key, stored, JsonSerializer.SerializeToUtf8Bytes(changed, json), message, what))
            {
                forget();
                return changed;
            }
        }

        throw new StoreUnavailableException($"{record} kept changing under {Attempts} attempts to update it.");
    }

    private static async Task<bool> RunAsync(RedisConnection redis, RedisKey key, string mode, RedisValue expected, RedisValue value, RedisValue message, string what)
    {
        var channel = redis.Keys.CredentialsChanged.ToString();
        var written = await redis.CallOrThrowAsync(db => CompareAndSetScript.EvaluateAsync(db, [key], [mode, expected, value, channel, message]), what);
        return (long)written == 1;
    }
}
