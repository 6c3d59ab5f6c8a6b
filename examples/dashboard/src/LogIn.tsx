import { useState } from "react";
import { useMutation } from "urql";

import { graphql } from "./gql";

const LogIn = graphql(`
  mutation LogIn($email: String!, $password: String!) {
    logIn(email: $email, password: $password) {
      accessToken
      errors { code message }
    }
  }
`);

export function LogInForm({ onToken }: { onToken: (token: string) => void }) {
  const [email, setEmail] = useState("dana@customk9.demo");
  const [password, setPassword] = useState("");
  const [result, logIn] = useMutation(LogIn);
  const errors = result.data?.logIn.errors ?? [];

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const answer = await logIn({ email, password });
    const token = answer.data?.logIn.accessToken;
    if (token) onToken(token);
  }

  return (
    <form onSubmit={submit} aria-label="Sign in">
      <h1>CustomK9</h1>
      <label>
        Email <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      </label>
      <label>
        Password <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} />
      </label>
      <button type="submit" disabled={result.fetching}>Sign in</button>
      {errors.map((e) => (
        <p role="alert" key={e.code}>{e.message}</p>
      ))}
      {result.error && <p role="alert">{result.error.message}</p>}
    </form>
  );
}
