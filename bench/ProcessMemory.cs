namespace ComplaintBot.Bench;

/// <summary>A process's resident set now (VmRSS) and its peak (VmHWM), in MiB, from /proc/PID/status.</summary>
public sealed record ProcessMemory(double RssMiB, double PeakRssMiB)
{
    public static ProcessMemory? Read(int pid)
    {
        try
        {
            double? rss = null, peak = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) rss = Kib(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kib(line);
            }
            return rss is { } r && peak is { } p ? new ProcessMemory(r / 1024, p / 1024) : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>"VmRSS:	  123456 kB" → 123456.</summary>
    private static double Kib(string line)
        => double.Parse(line[(line.IndexOf(':') + 1)..].Replace("kB", "").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"RSS {RssMiB:F0} MiB (peak {PeakRssMiB:F0} MiB)";
}
