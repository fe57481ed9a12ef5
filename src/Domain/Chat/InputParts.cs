namespace LlmGateway.Domain.Chat;

/// <summary>Kinds of content part besides text: forwarded to the model, not inspected; a policy can refuse them (<c>models.refused_inputs</c>).</summary>
[Flags]
public enum InputParts
{
    None = 0,

    /// <summary><c>image_url</c> parts.</summary>
    Image = 1,

    /// <summary><c>input_audio</c> parts.</summary>
    Audio = 2,

    /// <summary><c>file</c> parts.</summary>
    File = 4,
}

public static class InputPartNames
{
    /// <summary>The policy's name of a kind (<c>image</c>, <c>audio</c>, <c>file</c>); <see cref="InputParts.None"/> for any other.</summary>
    public static InputParts Parse(string name) => name switch
    {
        "image" => InputParts.Image,
        "audio" => InputParts.Audio,
        "file" => InputParts.File,
        _ => InputParts.None,
    };
}
