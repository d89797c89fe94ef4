namespace RedStation.Data.Live;

/// <summary>Names as public screens show them: masked, so a wall display never shows a full name.</summary>
public static class PublicName
{
    /// <summary>张晓明 → 张*明; 张明 → 张*; a single character stays as it is.</summary>
    public static string Mask(string? name)
    {
        var text = name?.Trim() ?? string.Empty;
        // Whole text elements, so that a character outside the BMP is never cut in half.
        var chars = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        var elements = new List<string>();
        while (chars.MoveNext())
        {
            elements.Add(chars.GetTextElement());
        }

        return elements.Count switch
        {
            0 => string.Empty,
            1 => elements[0],
            2 => elements[0] + "*",
            _ => elements[0] + "*" + elements[^1],
        };
    }
}
