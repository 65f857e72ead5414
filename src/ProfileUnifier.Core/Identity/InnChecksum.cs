namespace ProfileUnifier.Core.Identity;

/// <summary>Check digits of a Russian INN (taxpayer number), as the Federal Tax Service defines them.</summary>
public static class InnChecksum
{
    private static readonly int[] Ten = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Eleven = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    private static readonly int[] Twelve = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

    public static bool IsValid(string digits) => digits.Length switch
    {
        10 => CheckDigit(digits, Ten) == digits[9] - '0',
        12 => CheckDigit(digits, Eleven) == digits[10] - '0' && CheckDigit(digits, Twelve) == digits[11] - '0',
        _ => false,
    };

    /// <summary>Completes the first 9 (or 10) digits with their check digit(s); used to make test data.</summary>
    public static string Complete(string body)
    {
        return body.Length switch
        {
            9 => body + (char)('0' + CheckDigit(body, Ten)),
            10 => Finish(body + (char)('0' + CheckDigit(body, Eleven))),
            _ => throw new ArgumentException("an INN body has 9 digits (company) or 10 (individual)", nameof(body)),
        };

        static string Finish(string eleven) => eleven + (char)('0' + CheckDigit(eleven, Twelve));
    }

    private static int CheckDigit(string digits, int[] weights)
    {
        var sum = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            sum += (digits[i] - '0') * weights[i];
        }

        return sum % 11 % 10;
    }
}
