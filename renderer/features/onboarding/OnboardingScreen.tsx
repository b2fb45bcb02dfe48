export function OnboardingScreen() {
  return <h1>Onboarding</h1>;
}
