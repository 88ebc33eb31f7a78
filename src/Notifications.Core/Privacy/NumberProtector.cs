using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Privacy;

/// <summary>
/// What Redis holds in place of a phone number. <see cref="Hash"/> is HMAC-SHA256 of the number under a key
/// derived from the secret, truncated to 16 bytes, base64url, prefixed with a short id of the key: the same
/// number always gives the same member, and nobody without the secret can tell which number it is (the
/// 10^10 numbers of a country are too few to hide behind a plain hash). <see cref="Encrypt"/> seals a whole
/// value with AES-256-GCM under a second key derived from the same secret (HKDF-SHA256, one label per use),
/// with a random nonce, so that a pending inbound message in Redis carries no readable number.
/// </summary>
public sealed class NumberProtector
{
    /// <summary>The shortest secret accepted: 32 bytes.</summary>
    public const int MinimumSecretBytes = 32;

    private const int HashBytes = 16;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const char Separator = '.';

    private static readonly byte[] HashLabel = "notifications/redis/number-hash"u8.ToArray();
    private static readonly byte[] EncryptionLabel = "notifications/redis/pending-inbound"u8.ToArray();
    private static readonly byte[] KeyIdLabel = "notifications/redis/key-id"u8.ToArray();

    private readonly byte[] _hashKey;
    private readonly byte[] _encryptionKey;
    private readonly string _prefix;

    public NumberProtector(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretBytes)
        {
            throw new ArgumentException($"The number hash secret must be at least {MinimumSecretBytes} bytes.", nameof(secret));
        }

        _hashKey = new byte[32];
        _encryptionKey = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _hashKey, salt: [], info: HashLabel);
        HKDF.DeriveKey(HashAlgorithmName.SHA256, secret, _encryptionKey, salt: [], info: EncryptionLabel);
        KeyId = Base64Url.EncodeToString(HMACSHA256.HashData(_hashKey, KeyIdLabel).AsSpan(0, 3));
        _prefix = KeyId + Separator;
    }

    /// <summary>Four characters naming the secret (not revealing it): a value made under another secret does not start with them.</summary>
    public string KeyId { get; }

    /// <summary>The keyed hash of <paramref name="phone"/> (E.164, or the sender as received when it is not a number).</summary>
    public string Hash(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var mac = HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(phone));
        return _prefix + Base64Url.EncodeToString(mac.AsSpan(0, HashBytes));
    }

    /// <summary>Whether <paramref name="value"/> was made by this secret (a hash or a sealed value); raw numbers and other secrets' values are not.</summary>
    public bool IsOwn(string value) => value.StartsWith(_prefix, StringComparison.Ordinal);

    /// <summary>Seals <paramref name="plaintext"/>: key id, then base64url of nonce, ciphertext and tag.</summary>
    public string Encrypt(string plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceBytes + clear.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagBytes);
        aes.Encrypt(nonce, clear, sealedBytes.AsSpan(NonceBytes, clear.Length), sealedBytes.AsSpan(NonceBytes + clear.Length), EncryptionLabel);
        return _prefix + Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>Opens a value sealed by <see cref="Encrypt"/> under the same secret; false when it was sealed under another or was altered.</summary>
    public bool TryDecrypt(string value, out string plaintext)
    {
        plaintext = string.Empty;
        if (value is null || !IsOwn(value))
        {
            return false;
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(value.AsSpan(_prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        if (sealedBytes.Length < NonceBytes + TagBytes)
        {
            return false;
        }

        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var clear = new byte[length];
        try
        {
            using var aes = new AesGcm(_encryptionKey, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), clear, EncryptionLabel);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = Encoding.UTF8.GetString(clear);
        return true;
    }
}
