using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A three-master Redis Cluster of <c>redis-server</c> processes on loopback (no replicas, no persistence), made
/// with <c>redis-cli --cluster create</c>. Its node files live in a temporary folder deleted on dispose; the
/// servers are stopped by their PIDs.
/// </summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private const int NodeCount = 3;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);

    private readonly string _directory;
    private readonly List<RedisServerProcess> _nodes = [];

    private RedisCluster(string directory)
    {
        _directory = directory;
    }

    public IReadOnlyList<RedisServerProcess> Nodes => _nodes;

    /// <summary>Every node, as StackExchange.Redis takes them: <c>127.0.0.1:P1,127.0.0.1:P2,127.0.0.1:P3</c>.</summary>
    public string Configuration => string.Join(',', _nodes.Select(n => $"{IPAddress.Loopback}:{n.Port}"));

    public static async Task<RedisCluster> StartAsync()
    {
        var cluster = new RedisCluster(Directory.CreateTempSubdirectory("llmgw-redis-cluster-").FullName);
        try
        {
            for (var i = 1; i <= NodeCount; i++)
            {
                cluster._nodes.Add(await RedisServerProcess.StartNewAsync(
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", Path.Combine(cluster._directory, $"nodes-{i}.conf"),
                    "--cluster-node-timeout", "5000",
                    "--dir", cluster._directory));
            }

            await cluster.CreateAsync();
            await cluster.WaitUntilOkAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        _nodes.Clear();
        for (var attempt = 1; Directory.Exists(_directory); attempt++)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException) when (attempt < 5)
            {
                // A node file appeared while the folder was being emptied; the nodes are gone now, so try again.
                await Task.Delay(100);
            }
        }
    }

    private async Task CreateAsync()
    {
        var start = new ProcessStartInfo(Executables.Find("redis-cli"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add("--cluster");
        start.ArgumentList.Add("create");
        foreach (var node in _nodes)
        {
            start.ArgumentList.Add($"{IPAddress.Loopback}:{node.Port}");
        }

        start.ArgumentList.Add("--cluster-replicas");
        start.ArgumentList.Add("0");
        start.ArgumentList.Add("--cluster-yes");

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ReadyTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"redis-cli --cluster create did not finish within {ReadyTimeout.TotalSeconds} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    // Every node must say the cluster is ok, know every master and see every slot served; a node that does not yet
    // would send a client that asks it first to the wrong place.
    private async Task WaitUntilOkAsync()
    {
        string[] expected = ["cluster_state:ok", $"cluster_known_nodes:{NodeCount.ToString(CultureInfo.InvariantCulture)}", "cluster_slots_ok:16384"];
        var deadline = DateTime.UtcNow + ReadyTimeout;
        foreach (var node in _nodes)
        {
            var info = await ClusterInfoAsync(node);
            while (!expected.All(line => info.Contains(line, StringComparison.Ordinal)))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Node {node.Port} is not ready after {ReadyTimeout.TotalSeconds} s:\n{info}");
                }

                await Task.Delay(50);
                info = await ClusterInfoAsync(node);
            }
        }
    }

    private static async Task<string> ClusterInfoAsync(RedisServerProcess node)
    {
        try
        {
            return await RedisWire.CommandAsync(IPAddress.Loopback.ToString(), node.Port, TimeSpan.FromSeconds(2), "CLUSTER", "INFO");
        }
        catch (OperationCanceledException)
        {
            // A reply slower than 2 s on a busy machine (the suite starts many gateways at once): not ready yet, and the
            // deadline in WaitUntilOkAsync decides, not one slow probe.
            return string.Empty;
        }
    }
}
