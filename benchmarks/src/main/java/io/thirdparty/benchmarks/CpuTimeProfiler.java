package io.thirdparty.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;

import com.sun.management.OperatingSystemMXBean;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler reporting the CPU time the benchmark's JVM used per operation, all threads
 * included ({@code cpu.time.norm}, ns/op). On a machine whose cores are shared with other
 * work, wall-clock time per operation grows with the load while CPU time per operation
 * mostly does not, so this secondary result is the steadier one to compare. Threads other
 * than the benchmark's (JIT compiler, GC, the application's pools) count too, which is
 * what a call that hands work to a pool should be charged with. Use with {@code -prof
 * io.thirdparty.benchmarks.CpuTimeProfiler}.
 */
public class CpuTimeProfiler implements InternalProfiler {

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private long start;

	@Override
	public String getDescription() {
		return "Process CPU time per operation";
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		this.start = this.os.getProcessCpuTime();
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		long cpu = this.os.getProcessCpuTime() - this.start;
		long operations = result.getMetadata().getAllOps();
		double perOperation = (operations > 0) ? (double) cpu / operations : Double.NaN;
		return List.of(new ScalarResult("cpu.time.norm", perOperation, "ns/op", AggregationPolicy.AVG));
	}

}
