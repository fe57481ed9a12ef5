using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DotNet.Testcontainers.Containers;
using StackExchange.Redis;
using Testcontainers.Redis;

namespace LlmGateway.IntegrationTests.Fixtures;

/// <summary>
/// A Redis for the tests, from the first source that is there: the server named by
/// <c>TEST_REDIS_CONFIGURATION</c>; else a container when a Docker engine answers; else a <c>redis-server</c>
/// this process starts on a free loopback port. None of them is ever a reason to skip: a missing
/// <c>redis-server</c> fails the tests with a message saying what to install (test.sh installs it).
/// </summary>
public abstract class RedisServer : IAsyncDisposable
{
    public const string ConfigurationVariable = "TEST_REDIS_CONFIGURATION";

    /// <summary>Which kind of server this is, for failure messages.</summary>
    public abstract string Description { get; }

    /// <summary>The gateway settings (docs/configuration.md names) that point a gateway at this server.</summary>
    public abstract IReadOnlyDictionary<string, string?> GatewaySettings { get; }

    /// <summary>
    /// A Redis this process owns: <see cref="StopAsync"/> and <see cref="StartAsync"/> work, and a restart loses
    /// every key (no persistence). A configured server is shared and is never stopped.
    /// </summary>
    public abstract bool CanRestart { get; }

    /// <summary>
    /// The server for most test classes: the configured one when <c>TEST_REDIS_CONFIGURATION</c> is set, else one
    /// this process owns. <paramref name="mustBeRestartable"/> skips the configured server (outage tests).
    /// </summary>
    public static async Task<RedisServer> AcquireAsync(bool mustBeRestartable = false)
    {
        var configured = Environment.GetEnvironmentVariable(ConfigurationVariable);
        if (!mustBeRestartable && !string.IsNullOrWhiteSpace(configured))
        {
            return new ConfiguredRedisServer(configured);
        }

        if (await DockerEngine.AnswersAsync())
        {
            return await ContainerRedisServer.StartNewAsync();
        }

        return await RedisServerProcess.StartNewAsync();
    }

    /// <summary>Stops the server: every client connection drops at once, as in a crash.</summary>
    public abstract Task StopAsync();

    /// <summary>Starts the stopped server again on the same port, empty, and waits until it answers PING.</summary>
    public abstract Task StartAsync();

    public abstract ValueTask DisposeAsync();

    /// <summary>Removes a test class's keys from a server that outlives the tests; an owned server dies with them anyway.</summary>
    public virtual Task DeleteKeysAsync(string keyPrefix) => Task.CompletedTask;

    /// <summary>Throws unless this server can be stopped and started by the tests.</summary>
    protected void EnsureRestartable()
    {
        if (!CanRestart)
        {
            throw new InvalidOperationException($"{Description} is shared and cannot be stopped; outage tests use a server of their own.");
        }
    }
}

/// <summary>A Redis somebody else runs (TEST_REDIS_CONFIGURATION: a StackExchange.Redis configuration string).</summary>
internal sealed class ConfiguredRedisServer(string configuration) : RedisServer
{
    public override string Description => $"the Redis named by {ConfigurationVariable}";

    public override IReadOnlyDictionary<string, string?> GatewaySettings { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["REDIS_HOST"] = string.Empty,
        ["REDIS_CONFIGURATION"] = configuration,
    };

    public override bool CanRestart => false;

    public override Task StopAsync()
    {
        EnsureRestartable();
        return Task.CompletedTask;
    }

    public override Task StartAsync()
    {
        EnsureRestartable();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override async Task DeleteKeysAsync(string keyPrefix)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        foreach (var server in connection.GetServers())
        {
            if (server.IsReplica)
            {
                continue;
            }

            await foreach (var key in server.KeysAsync(pattern: $"{keyPrefix}*"))
            {
                await connection.GetDatabase().KeyDeleteAsync(key);
            }
        }
    }
}

/// <summary>Redis in a container (Testcontainers), published on a fixed host port so a restart keeps the address.</summary>
internal sealed class ContainerRedisServer : RedisServer
{
    private readonly RedisContainer _container;
    private readonly int _port;

    private ContainerRedisServer(RedisContainer container, int port)
    {
        _container = container;
        _port = port;
    }

    public override string Description => $"the Redis container on port {_port}";

    public override IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["REDIS_HOST"] = _container.Hostname,
        ["REDIS_PORT"] = _port.ToString(CultureInfo.InvariantCulture),
        ["REDIS_CONFIGURATION"] = string.Empty,
    };

    public override bool CanRestart => true;

    public static async Task<ContainerRedisServer> StartNewAsync()
    {
        var port = FreePorts.Next();
        var container = new RedisBuilder("redis:7.2-alpine")
            .WithPortBinding(port, RedisBuilder.RedisPort)
            .WithCommand("--save", string.Empty, "--appendonly", "no")
            .Build();
        await container.StartAsync();
        return new ContainerRedisServer(container, port);
    }

    public override Task StopAsync() => _container.StopAsync();

    public override async Task StartAsync()
    {
        await _container.StartAsync();
        await RedisWire.WaitForPingAsync(_container.Hostname, _port, TimeSpan.FromSeconds(15), () => _container.State == TestcontainersStates.Running ? null : "the container is not running");
    }

    public override ValueTask DisposeAsync() => _container.DisposeAsync();
}

/// <summary>
/// A <c>redis-server</c> child process on a loopback port, without persistence, stopped by its PID. Ports are taken
/// below the ephemeral range, so no outgoing connection (a client reconnecting while the server is down) can sit
/// on the port when the server starts again.
/// </summary>
public sealed class RedisServerProcess : RedisServer
{
    private readonly string _executable;
    private readonly string[] _extraArguments;
    private readonly OutputTail _output = new(200);
    private Process? _process;

    private RedisServerProcess(string executable, int port, string[] extraArguments)
    {
        _executable = executable;
        Port = port;
        _extraArguments = extraArguments;
    }

    public int Port { get; }

    public override string Description => $"redis-server on 127.0.0.1:{Port}";

    public override IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["REDIS_HOST"] = IPAddress.Loopback.ToString(),
        ["REDIS_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
        ["REDIS_CONFIGURATION"] = string.Empty,
    };

    public override bool CanRestart => true;

    /// <summary>Its PID while it runs.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string Output => _output.Text;

    /// <summary>Starts a server on a free port (another one if the port was taken meanwhile).</summary>
    /// <param name="extraArguments">More redis-server options, e.g. for cluster mode.</param>
    public static async Task<RedisServerProcess> StartNewAsync(params string[] extraArguments)
    {
        var executable = Executables.Find("redis-server");
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServerProcess(executable, FreePorts.Next(), extraArguments);
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (RedisServerStartException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    public override async Task StartAsync()
    {
        if (ProcessId is not null)
        {
            throw new InvalidOperationException($"{Description} is already running.");
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var process = Launch();
            var failure = await WaitUntilAnsweringAsync(process, deadline);
            if (failure is null)
            {
                return;
            }

            await KillAsync(process);
            _process = null;

            // Right after a stop the port can still be held for a moment; try again until the deadline.
            if (DateTime.UtcNow >= deadline)
            {
                throw new RedisServerStartException($"{Description} did not start: {failure}. Its output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public override async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await KillAsync(process);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await StopAsync();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo(_executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in (string[])
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--bind", IPAddress.Loopback.ToString(),
            "--save", string.Empty,
            "--appendonly", "no",
            .. _extraArguments,
        ])
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        // A safety net for a test run that ends without disposing its fixtures.
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return process;
    }

    private async Task<string?> WaitUntilAnsweringAsync(Process process, DateTime deadline)
    {
        try
        {
            await RedisWire.WaitForPingAsync(IPAddress.Loopback.ToString(), Port, deadline - DateTime.UtcNow, () => process.HasExited ? $"it exited with code {process.ExitCode}" : null);
            return null;
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }
    }

    private static async Task KillAsync(Process process)
    {
        using (process)
        {
            if (!process.HasExited)
            {
                process.Kill();
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        try
        {
            if (_process is { HasExited: false } process)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

}

public sealed class RedisServerStartException(string message) : Exception(message);

/// <summary>Locates the Redis binaries; a missing one fails the test with what to install.</summary>
internal static class Executables
{
    private static readonly string[] FallbackDirectories = ["/usr/bin", "/usr/local/bin", "/usr/sbin", "/opt/homebrew/bin"];

    public static string Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in (string[])[.. path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries), .. FallbackDirectories])
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"'{name}' was not found on PATH. The Redis integration tests need a Redis: install the redis-server package "
            + $"(Debian: apt-get install redis-server; ./test.sh does this), or set {RedisServer.ConfigurationVariable} to a Redis "
            + "configuration string, or run a Docker engine for Testcontainers. These tests never skip.");
    }
}

/// <summary>Free loopback ports below the ephemeral range (which starts at 32768 on Linux).</summary>
internal static class FreePorts
{
    private const int First = 12000;
    private const int Last = 22000;

    /// <summary>A port that was free a moment ago, with <c>port + 10000</c> free too (the cluster bus port).</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
            if (IsFree(port) && IsFree(port + 10000))
            {
                return port;
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

/// <summary>
/// Asks cheaply whether a Docker engine answers (the socket exists and replies to /_ping within a second), so that
/// machines without one fall back to a local redis-server at once and silently.
/// </summary>
internal static class DockerEngine
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);
    private static Task<bool>? _answers;

    public static Task<bool> AnswersAsync() => _answers ??= ProbeAsync();

    private static async Task<bool> ProbeAsync()
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        EndPoint endPoint;
        if (string.IsNullOrWhiteSpace(host))
        {
            const string socketPath = "/var/run/docker.sock";
            if (!File.Exists(socketPath))
            {
                return false;
            }

            endPoint = new UnixDomainSocketEndPoint(socketPath);
        }
        else if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            endPoint = new UnixDomainSocketEndPoint(host["unix://".Length..]);
        }
        else if (Uri.TryCreate(host, UriKind.Absolute, out var uri) && uri.Scheme == "tcp")
        {
            // TLS-protected engines (port 2376) are left to Testcontainers itself; this only checks something listens.
            return await ConnectsAsync(new DnsEndPoint(uri.Host, uri.Port), ping: false);
        }
        else
        {
            return false;
        }

        return await ConnectsAsync(endPoint, ping: true);
    }

    private static async Task<bool> ConnectsAsync(EndPoint endPoint, bool ping)
    {
        var protocol = endPoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp;
        var family = endPoint is UnixDomainSocketEndPoint ? AddressFamily.Unix : AddressFamily.Unspecified;
        using var socket = family == AddressFamily.Unix ? new Socket(family, SocketType.Stream, protocol) : new Socket(SocketType.Stream, protocol);
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await socket.ConnectAsync(endPoint, timeout.Token);
            if (!ping)
            {
                return true;
            }

            await socket.SendAsync("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n"u8.ToArray(), SocketFlags.None, timeout.Token);
            var buffer = new byte[256];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("HTTP/1.", StringComparison.Ordinal)
                && Encoding.ASCII.GetString(buffer, 0, read).Contains(" 200 ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }
}

/// <summary>
/// Just enough of the Redis protocol to wait for a server and ask it simple things (PING, CLUSTER INFO, FLUSHALL)
/// without a client library and its background threads.
/// </summary>
public static class RedisWire
{
    /// <summary>Sends one command and returns the reply as text (simple string, integer or bulk string).</summary>
    public static async Task<string> CommandAsync(string host, int port, TimeSpan timeout, params string[] arguments)
    {
        using var cancel = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(host, port, cancel.Token);
        var stream = client.GetStream();

        var request = new StringBuilder();
        request.Append(CultureInfo.InvariantCulture, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            request.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(argument)}\r\n{argument}\r\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(request.ToString()), cancel.Token);

        var reader = new ReplyReader(stream);
        var header = await reader.ReadLineAsync(cancel.Token);
        return header[0] switch
        {
            '+' or ':' => header[1..],
            '$' => await reader.ReadBulkAsync(int.Parse(header.AsSpan(1), CultureInfo.InvariantCulture), cancel.Token),
            '-' => throw new InvalidOperationException($"Redis at {host}:{port} answered {header}"),
            _ => throw new InvalidOperationException($"Unexpected Redis reply: {header}"),
        };
    }

    /// <summary>Waits until the server answers PING; <paramref name="gone"/> names a reason to stop waiting early.</summary>
    public static async Task WaitForPingAsync(string host, int port, TimeSpan timeout, Func<string?> gone)
    {
        var deadline = DateTime.UtcNow + timeout;
        string last = "no answer yet";
        while (DateTime.UtcNow < deadline)
        {
            if (gone() is { } reason)
            {
                throw new TimeoutException(reason);
            }

            try
            {
                if (await CommandAsync(host, port, TimeSpan.FromSeconds(1), "PING") == "PONG")
                {
                    return;
                }
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or InvalidOperationException)
            {
                last = e.Message;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no PONG from {host}:{port} within {timeout.TotalSeconds:0.#} s ({last})");
    }

    private sealed class ReplyReader(Stream stream)
    {
        private byte[] _pending = new byte[4096];
        private int _count;

        public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var end = _pending.AsSpan(0, _count).IndexOf("\r\n"u8);
                if (end >= 0)
                {
                    var line = Encoding.UTF8.GetString(_pending, 0, end);
                    Consume(end + 2);
                    return line;
                }

                await FillAsync(cancellationToken);
            }
        }

        public async Task<string> ReadBulkAsync(int length, CancellationToken cancellationToken)
        {
            if (length < 0)
            {
                return string.Empty;
            }

            while (_count < length + 2)
            {
                await FillAsync(cancellationToken);
            }

            var text = Encoding.UTF8.GetString(_pending, 0, length);
            Consume(length + 2);
            return text;
        }

        private async Task FillAsync(CancellationToken cancellationToken)
        {
            if (_count == _pending.Length)
            {
                Array.Resize(ref _pending, _pending.Length * 2);
            }

            var read = await stream.ReadAsync(_pending.AsMemory(_count), cancellationToken);
            if (read == 0)
            {
                throw new IOException("Redis closed the connection.");
            }

            _count += read;
        }

        private void Consume(int count)
        {
            _pending.AsSpan(count, _count - count).CopyTo(_pending);
            _count -= count;
        }
    }
}
