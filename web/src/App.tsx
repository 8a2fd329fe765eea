import { lazy } from 'react'
import { Route, Routes } from 'react-router-dom'
import { Layout } from './Layout.tsx'
import LandingPage from './pages/LandingPage.tsx'
import NotFoundPage from './pages/NotFoundPage.tsx'

// Pages past the landing page load on demand, so the first visit downloads only the shell.
const HostSelectionPage = lazy(() => import('./pages/HostSelectionPage.tsx'))
const PlansPage = lazy(() => import('./pages/PlansPage.tsx'))
const BookPage = lazy(() => import('./pages/BookPage.tsx'))
const VideoSessionPage = lazy(() => import('./pages/VideoSessionPage.tsx'))
const SignInPage = lazy(() => import('./pages/SignInPage.tsx'))
const HostDashboardPage = lazy(() => import('./pages/HostDashboardPage.tsx'))
const DashboardPage = lazy(() => import('./pages/DashboardPage.tsx'))

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<LandingPage />} />
        <Route path="host-selection" element={<HostSelectionPage />} />
        <Route path="plans" element={<PlansPage />} />
        <Route path="book" element={<BookPage />} />
        <Route path="video-session" element={<VideoSessionPage />} />
        <Route path="sign-in" element={<SignInPage />} />
        <Route path="host" element={<HostDashboardPage />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  )
}
