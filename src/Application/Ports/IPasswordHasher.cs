namespace LlmGateway.Application.Ports;

/// <summary>Slow, salted password hashing with constant-time verification.</summary>
public interface IPasswordHasher
{
    string Hash(string password);

    /// <summary>Compares in constant time; a malformed hash verifies as false.</summary>
    bool Verify(string password, string hash);

    /// <summary>Spends the same time as a real verification, so an unknown user cannot be told apart by timing.</summary>
    void VerifyAgainstDummy(string password);
}
