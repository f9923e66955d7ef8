package io.github.usersync.examples;

import io.github.usersync.scim.ScimRequest;
import io.github.usersync.scim.ScimResponse;
import io.github.usersync.scim.ScimServiceProvider;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;

/**
 * Mounts a {@link ScimServiceProvider} in any servlet container (Jakarta Servlet 5+; a Jira or
 * Confluence app does the same in its plugin servlet with the {@code javax.servlet} names): map it
 * to {@code /scim/v2/*}, and the tenant URL is that path's https URL. The body is read up to the
 * provider's cap and no further.
 */
public final class ScimServletExample extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient ScimServiceProvider scim;

  /** A servlet answering with {@code scim}. */
  public ScimServletExample(ScimServiceProvider scim) {
    this.scim = scim;
  }

  @Override
  protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    int cap = scim.maxRequestBytes();
    byte[] body;
    try (InputStream in = req.getInputStream()) {
      body = in.readNBytes(cap + 1); // one more than allowed, so the provider answers 413
    }
    String base = req.getRequestURL().toString();
    String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
    if (base.endsWith(path)) {
      base = base.substring(0, base.length() - path.length());
    }
    ScimRequest.Builder r = ScimRequest.builder().method(req.getMethod()).path(path)
        .query(req.getQueryString() == null ? "" : req.getQueryString()).body(body).baseUrl(base);
    for (String name : Collections.list(req.getHeaderNames())) {
      String value = req.getHeader(name);
      if (value != null) {
        r.putHeaders(name, value);
      }
    }
    ScimResponse response = scim.handle(r.build());
    resp.setStatus(response.status());
    response.headers().forEach(resp::setHeader);
    byte[] out = response.body();
    if (out.length > 0) {
      resp.setContentLength(out.length);
      resp.getOutputStream().write(out);
    }
  }
}
