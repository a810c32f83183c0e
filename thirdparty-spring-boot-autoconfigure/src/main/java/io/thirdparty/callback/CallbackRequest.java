package io.thirdparty.callback;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.SequenceInputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A request whose raw body was read up front, up to a limit, so that the callback can be
 * verified on the exact bytes received and the controller can still read them. The body
 * is served again, as received, through {@link #getInputStream()}, {@link #getReader()}
 * and, for a form body, the parameter methods. A body over the limit is not kept: what
 * was read is served followed by the rest of the original stream.
 */
public final class CallbackRequest extends HttpServletRequestWrapper {

	private final byte[] prefix;

	private final boolean complete;

	private final boolean tooLarge;

	private Map<String, String[]> parameters;

	private CallbackRequest(HttpServletRequest request, byte[] prefix, boolean complete, boolean tooLarge) {
		super(request);
		this.prefix = prefix;
		this.complete = complete;
		this.tooLarge = tooLarge;
	}

	/**
	 * Reads a request's body, up to a limit.
	 * @param request the request, whose body nothing has read yet
	 * @param maxBodySize the largest body kept, in bytes
	 * @return the wrapped request
	 * @throws IOException when reading fails
	 */
	public static CallbackRequest read(HttpServletRequest request, long maxBodySize) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBodySize) {
			return new CallbackRequest(request, new byte[0], false, true);
		}
		int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1);
		byte[] read = request.getInputStream().readNBytes(limit);
		boolean over = read.length > maxBodySize;
		return new CallbackRequest(request, read, !over, over);
	}

	/**
	 * Returns the whole raw body.
	 * @return the bytes as received
	 * @throws IllegalStateException when the body was larger than the limit
	 */
	public byte[] body() {
		if (!this.complete) {
			throw new IllegalStateException("The body was larger than the limit and was not kept");
		}
		return this.prefix;
	}

	/**
	 * Returns whether the body was larger than the limit.
	 * @return {@code true} when it was
	 */
	public boolean isTooLarge() {
		return this.tooLarge;
	}

	@Override
	public ServletInputStream getInputStream() throws IOException {
		if (this.complete) {
			return new BodyStream(new ByteArrayInputStream(this.prefix));
		}
		ServletInputStream rest = super.getInputStream();
		return new BodyStream(new SequenceInputStream(new ByteArrayInputStream(this.prefix), rest));
	}

	@Override
	public BufferedReader getReader() throws IOException {
		return new BufferedReader(new InputStreamReader(getInputStream(), charset()));
	}

	@Override
	public String getParameter(String name) {
		String[] values = parameters().get(name);
		return (values != null && values.length > 0) ? values[0] : null;
	}

	@Override
	public Map<String, String[]> getParameterMap() {
		return parameters();
	}

	@Override
	public Enumeration<String> getParameterNames() {
		return Collections.enumeration(parameters().keySet());
	}

	@Override
	public String[] getParameterValues(String name) {
		String[] values = parameters().get(name);
		return (values != null) ? values.clone() : null;
	}

	private Map<String, String[]> parameters() {
		if (this.parameters == null) {
			// the container cannot see a body it did not read: query parameters come from
			// it,
			// form parameters from the kept body
			Map<String, List<String>> merged = new LinkedHashMap<>();
			super.getParameterMap().forEach(
					(name, values) -> merged.computeIfAbsent(name, (k) -> new ArrayList<>()).addAll(List.of(values)));
			if (this.complete && isForm()) {
				parseForm(new String(this.prefix, charset()), merged);
			}
			Map<String, String[]> result = new LinkedHashMap<>();
			merged.forEach((name, values) -> result.put(name, values.toArray(new String[0])));
			this.parameters = Collections.unmodifiableMap(result);
		}
		return this.parameters;
	}

	private boolean isForm() {
		String contentType = getContentType();
		if (contentType == null) {
			return false;
		}
		try {
			return MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(contentType));
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
	}

	private void parseForm(String body, Map<String, List<String>> into) {
		Charset charset = charset();
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			int equals = pair.indexOf('=');
			String name = (equals >= 0) ? pair.substring(0, equals) : pair;
			String value = (equals >= 0) ? pair.substring(equals + 1) : "";
			try {
				into.computeIfAbsent(URLDecoder.decode(name, charset), (k) -> new ArrayList<>())
					.add(URLDecoder.decode(value, charset));
			}
			catch (IllegalArgumentException malformed) {
				// a malformed escape: skipped, as the servlet container skips it
			}
		}
	}

	private Charset charset() {
		String encoding = getCharacterEncoding();
		if (encoding == null) {
			return StandardCharsets.UTF_8;
		}
		try {
			return Charset.forName(encoding);
		}
		catch (IllegalCharsetNameException | UnsupportedCharsetException ex) {
			return StandardCharsets.UTF_8;
		}
	}

	/**
	 * The kept body as a servlet stream.
	 */
	private static final class BodyStream extends ServletInputStream {

		private final InputStream in;

		private boolean finished;

		BodyStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			int b = this.in.read();
			this.finished = b == -1;
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.in.read(buffer, offset, length);
			this.finished = n == -1;
			return n;
		}

		@Override
		public boolean isFinished() {
			return this.finished;
		}

		@Override
		public boolean isReady() {
			return true;
		}

		@Override
		public void setReadListener(ReadListener listener) {
			try {
				listener.onDataAvailable();
				listener.onAllDataRead();
			}
			catch (IOException | RuntimeException ex) {
				listener.onError(ex);
			}
		}

	}

}
