export function App() {
  return <main>Verbatim</main>;
}
