Console.WriteLine("DonorTrack benchmarks");
