using System.Reflection;

namespace LlmGateway.Domain;

/// <summary>Reads a resource shipped inside an assembly (the inspection models' weights).</summary>
public static class EmbeddedResource
{
    public static byte[] ReadAllBytes(Assembly assembly, string name)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing.");
        using var memory = new MemoryStream((int)stream.Length);
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
